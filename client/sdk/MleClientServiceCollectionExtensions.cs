using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
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
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static IServiceCollection AddMleClient(this IServiceCollection services, Action<MleClientOptions>? configure = null)
    {
        var options = Configured(configure);
        services.AddOrleansClient(client =>
        {
            if (options.Gateways.Count > 0)
            {
                client.UseStaticClustering([.. options.Gateways]);
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            }
            // An artifact travels to the registry as one message: the client must accept a body that large.
            client.Configure<ClientMessagingOptions>(messaging =>
                messaging.MaxMessageBodySize = (int)Math.Min(int.MaxValue, Math.Max(messaging.MaxMessageBodySize, options.MaxArtifactBytes + 1024 * 1024)));
        });
        services.AddSingleton<IMleClient>(sp =>
        {
            var cluster = sp.GetRequiredService<IClusterClient>();
            var catalog = new ModelCatalog(
                cluster,
                Options.Create(new CatalogOptions { CatalogRefreshInterval = options.CatalogRefreshInterval }),
                sp.GetService<TimeProvider>() ?? TimeProvider.System);
            return new MleClient(new ModelsClient(cluster, new ModelServing(catalog, cluster), options));
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
        var options = Configured(configure);
        services.AddSingleton<IMleClient>(sp => new MleClient(new ModelsClient(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IModelServing>(),
            options)));
        return services;
    }

    private static MleClientOptions Configured(Action<MleClientOptions>? configure)
    {
        var options = new MleClientOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
