using Microsoft.Extensions.Options;
using Mle.Client;
using Mle.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Mle.Silo.Security;

/// <summary>TLS on the silo's Orleans connections, from <c>Mle:Tls</c> (<see cref="ClusterTlsOptions"/>).</summary>
public static class SiloTls
{
    /// <summary>
    /// Registers <c>Mle:Tls</c> (checked on start) and, when it is enabled, wraps every silo-to-silo connection in
    /// mutual TLS and every gateway connection in TLS (with client certificates when required). The certificate is
    /// loaded when the silo builds its connections, after the settings have been checked.
    /// </summary>
    public static ISiloBuilder UseMleTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddValidatedOptions<ClusterTlsOptions, ClusterTlsOptionsValidator>(configuration, ClusterTlsOptions.Section);
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IOptions<ClusterTlsOptions>>((connections, options) =>
        {
            var tls = options.Value;
            if (!tls.Enabled)
            {
                return;
            }
            var certificate = ClusterCertificates.Silo(tls);
            var validator = ClusterTls.Validator(ClusterCertificates.TrustedRoots(tls));
            var betweenSilos = new TlsOptions
            {
                LocalCertificate = certificate,
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateValidation = validator,
            };
            var gateway = new TlsOptions
            {
                LocalCertificate = certificate,
                RemoteCertificateMode = tls.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate,
                RemoteCertificateValidation = validator,
            };
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(betweenSilos));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(betweenSilos));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(gateway));
        });
        return silo;
    }
}
