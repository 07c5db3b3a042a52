using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Storage;

/// <summary>Runs <see cref="StorageInitializer"/> at host start when <c>Storage:InitializeOnStart</c> is set (Azurite, local runs).</summary>
internal sealed class StorageInitializerHostedService(StorageInitializer initializer, IOptions<StorageOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.InitializeOnStart ? initializer.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
