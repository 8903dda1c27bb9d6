using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Mle.Serving;

namespace Mle.Client;

/// <summary>Registers <see cref="IMleClient"/> in a host's services.</summary>
public static class MleClientServiceCollectionExtensions
{
    /// <summary>
    /// Connects to an Mle cluster through a silo's gateway (<c>localhost:30000</c> unless configured)
    /// and registers <see cref="IMleClient"/>. The client keeps its own model catalog, so a score call is one
    /// grain call; an alias move reaches it within <see cref="MleClientOptions.CatalogRefreshInterval"/>.
    /// The connection opens when the host starts.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the gateway, cluster identity, tenant and limits.</param>
    /// <remarks>An invalid setting fails the host's start with an <see cref="OptionsValidationException"/> naming it.</remarks>
    public static IServiceCollection AddMleClient(this IServiceCollection services, Action<MleClientOptions>? configure = null)
    {
        services.AddMleClientOptions(configure);
        services.AddOrleansClient(client =>
        {
            // The gateways, identity and message size come from the validated options when the client is built.
            client.UseStaticClustering((OptionsBuilder<StaticGatewayListProviderOptions> gateways) => gateways
                .Configure<IOptions<MleClientOptions>>((list, mle) => list.Gateways = [.. Gateways(mle.Value).Select(g => g.ToGatewayUri())]));
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<MleClientOptions>>((cluster, mle) =>
            {
                cluster.ClusterId = mle.Value.ClusterId;
                cluster.ServiceId = mle.Value.ServiceId;
            });
            // TLS to the gateway when asked; the options are read when the client builds its connections.
            client.Services.AddOptions<ClientConnectionOptions>().Configure<IOptions<MleClientOptions>>((connections, mle) =>
            {
                if (mle.Value.UseTls)
                {
                    var tls = ClusterTls.ForClient(mle.Value.TlsClientCertificate, mle.Value.TlsTrustedRoots);
                    connections.ConfigureConnection(connection => connection.UseClientTls(tls));
                }
            });
            // The key travels with every call, in the request context, where the silo's call filter checks it.
            client.Services.AddSingleton<IOutgoingGrainCallFilter, ApiKeyFilter>();
            // An artifact travels to the registry as one message: the client must accept a body that large.
            client.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<MleClientOptions>>((messaging, mle) =>
                messaging.MaxMessageBodySize = (int)Math.Min(int.MaxValue, Math.Max(messaging.MaxMessageBodySize, mle.Value.MaxArtifactBytes + 1024 * 1024)));
        });
        services.AddSingleton<IMleClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MleClientOptions>>().Value;
            var cluster = sp.GetRequiredService<IClusterClient>();
            var catalog = new ModelCatalog(
                cluster,
                Options.Create(new CatalogOptions { CatalogRefreshInterval = options.CatalogRefreshInterval }),
                sp.GetService<TimeProvider>() ?? TimeProvider.System);
            return new MleClient(new ModelsClient(cluster, new ModelServing(catalog, cluster), options), new FeaturesClient(cluster, options),
                new WebSocketNotifications(options), new PipelinesClient(cluster, options),
                new EndpointsClient(cluster, options), new DatasetsClient(cluster, options));
        });
        return services;
    }

    /// <summary>
    /// Registers <see cref="IMleClient"/> inside a silo process: it calls grains through the silo's own
    /// <see cref="IGrainFactory"/> and serves through the silo's <see cref="IModelServing"/> (whose catalog receives
    /// pushed updates), so it needs the silo's serving services (<c>AddMleServing</c>).
    /// </summary>
    /// <param name="services">The silo host's services.</param>
    /// <param name="configure">Sets the tenant and limits; connection settings are not used.</param>
    public static IServiceCollection AddMleClientCohosted(this IServiceCollection services, Action<MleClientOptions>? configure = null)
    {
        services.AddMleClientOptions(configure);
        services.AddSingleton<IMleClient>(sp => new MleClient(
            new ModelsClient(
                sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<IModelServing>(),
                sp.GetRequiredService<IOptions<MleClientOptions>>().Value),
            new FeaturesClient(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<MleClientOptions>>().Value),
            // The stream provider is looked up when a watch starts: a silo without streams serves everything else.
            new StreamNotifications(
                () => sp.GetRequiredKeyedService<Orleans.Streams.IStreamProvider>(Streams.StreamNames.Provider),
                sp.GetRequiredService<IOptions<MleClientOptions>>().Value),
            new PipelinesClient(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<MleClientOptions>>().Value),
            new EndpointsClient(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<MleClientOptions>>().Value),
            new DatasetsClient(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<MleClientOptions>>().Value)));
        return services;
    }

    /// <summary>The options, checked by <see cref="MleClientOptionsValidator"/> when the host starts.</summary>
    private static void AddMleClientOptions(this IServiceCollection services, Action<MleClientOptions>? configure)
    {
        var options = services.AddOptions<MleClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MleClientOptions>, MleClientOptionsValidator>());
    }

    /// <summary>The configured gateways, or this machine's silo on <see cref="MleClientOptions.GatewayPort"/>.</summary>
    private static IEnumerable<IPEndPoint> Gateways(MleClientOptions options) =>
        options.Gateways.Count > 0 ? options.Gateways : [new IPEndPoint(IPAddress.Loopback, options.GatewayPort)];
}
