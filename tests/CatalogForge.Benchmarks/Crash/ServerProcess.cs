using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CatalogForge.Benchmarks.Crash;

/// <summary>
/// The built CatalogForge.Server as its own OS process (<c>dotnet CatalogForge.Server.dll</c>), configured through
/// environment variables, its output appended to a log file. <see cref="KillAsync"/> is <c>kill -9</c>.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();

    private ServerProcess(Process process, StreamWriter log, Uri baseUri)
    {
        _process = process;
        _log = log;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>Server settings as environment variables (<c>Section__Key</c>), as an operator would set them.</summary>
    public static Dictionary<string, string> Environment(string storageConnectionString, Uri aiEndpoint, string taskHub) => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Storage__ConnectionString"] = storageConnectionString,
        ["Storage__InitializeOnStart"] = "true",
        ["Ai__Providers__emulator__Kind"] = "Emulator",
        ["Ai__Providers__emulator__Endpoint"] = aiEndpoint.ToString(),
        ["DurableTask__TaskHub"] = taskHub,
        // A benchmark run costs more than a tenant's default daily budget; it measures recovery, not the budget.
        ["Ai__Budgets__DefaultDailyUsd"] = "0",
        ["Logging__LogLevel__Polly"] = "Error",
    };

    /// <summary><c>src/CatalogForge.Server/bin/{Debug|Release}/net10.0/CatalogForge.Server.dll</c>, the configuration this assembly was built in.</summary>
    public static string DefaultDllPath()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return Path.Combine(dir.FullName, "src", "CatalogForge.Server", "bin", configuration, "net10.0", "CatalogForge.Server.dll");
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}; pass --server-dll.");
    }

    public static async Task<ServerProcess> StartAsync(
        string dllPath, IReadOnlyDictionary<string, string> environment, string logPath, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = Command(dllPath, environment, "--urls", url.ToString().TrimEnd('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, log, url);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Progress.Say($"crash: server started (pid {process.Id}, {url}, log {logPath})");
        try
        {
            await server.WaitHealthyAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>tenant create NAME</c> with the same settings and returns (tenant id, API key) from its output.</summary>
    public static async Task<(string TenantId, string ApiKey)> CreateTenantAsync(
        string dllPath, IReadOnlyDictionary<string, string> environment, string name, CancellationToken cancellationToken)
    {
        var start = Command(dllPath, environment, "tenant", "create", name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server's tenant command did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        var tenant = lines.FirstOrDefault(line => line.StartsWith("tenant: ", StringComparison.Ordinal))?["tenant: ".Length..];
        var key = lines.FirstOrDefault(line => line.StartsWith("api-key: ", StringComparison.Ordinal))?["api-key: ".Length..];
        if (process.ExitCode != 0 || tenant is null || key is null)
        {
            throw new InvalidOperationException($"tenant create exited {process.ExitCode}: {stdout}\n{await stderr}");
        }

        return (tenant, key);
    }

    /// <summary>SIGKILL on Linux: no drain, no flush, no graceful anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        Append($"---- killed (SIGKILL) by the crash benchmark at {DateTimeOffset.UtcNow:O} ----");
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was healthy; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "api/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The server at {BaseUri} was not healthy within {timeout}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static ProcessStartInfo Command(string dllPath, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException($"Build the server first (dotnet build src/CatalogForge.Server): {dllPath} is missing.", dllPath);
        }

        var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // The server finds its appsettings*.json in its own folder.
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            _log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.WaitForExit();
        _process.Dispose();
        lock (_logGate)
        {
            _log.Dispose();
        }
    }
}
