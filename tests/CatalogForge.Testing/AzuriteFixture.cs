using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace CatalogForge.Testing;

/// <summary>
/// Starts a private, in-memory Azurite (the npm package pinned in package.json) on free loopback ports
/// for one test assembly, installing it with <c>npm ci</c> first when node_modules lacks it. Use as an
/// assembly fixture: <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>. A test that needs an outage starts one of
/// its own and calls <see cref="StopAsync"/> and <see cref="RestartAsync"/> (same ports, so clients need no new settings).
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private readonly List<string> _output = [];

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public ValueTask InitializeAsync() => StartProcessAsync();

    /// <summary>
    /// Kills Azurite, as a storage outage would look to its clients (connections refused). Its in-memory data is gone;
    /// <see cref="RestartAsync"/> brings an empty Azurite back on the same ports.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts Azurite again on the ports it had (same connection string), empty: callers recreate what they need.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Azurite is running; stop it first.");
        }

        await StartProcessAsync();
    }

    /// <summary>Free ports (0) the first time, then the same ports again.</summary>
    private async ValueTask StartProcessAsync()
    {
        var azurite = await AzuriteInstaller.EnsureInstalledAsync();
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        var ports = (Blob: BlobPort, Queue: QueuePort, Table: TablePort);
        foreach (var arg in new[]
                 {
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", Port(ports.Blob), "--queuePort", Port(ports.Queue), "--tablePort", Port(ports.Table),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        (BlobPort, QueuePort, TablePort) = (0, 0, 0);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException($"Azurite exited early:\n{string.Join('\n', Snapshot())}"));
        _process = process;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        var match = ListeningLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        switch (match.Groups["service"].Value)
        {
            case "Blob": BlobPort = port; break;
            case "Queue": QueuePort = port; break;
            case "Table": TablePort = port; break;
        }

        if (BlobPort > 0 && QueuePort > 0 && TablePort > 0)
        {
            ready.TrySetResult();
        }
    }

    private string[] Snapshot()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
