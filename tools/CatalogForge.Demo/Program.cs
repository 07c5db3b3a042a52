using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CatalogForge.Demo;

var (options, error) = ArgParser.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}\n");
    }

    Console.Error.WriteLine(Options.Usage);
    return error is null ? 0 : ExitCodes.Usage;
}

return await DemoRun.RunAsync(options);

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int JobFailed = 1;
    public const int Usage = 2;
    public const int RequestFailed = 3;
    public const int TimedOut = 4;
    public const int Interrupted = 130;
}

/// <summary>The whole demo: load inputs, submit, follow, download, summarise, write the gallery.</summary>
internal static class DemoRun
{
    public static async Task<int> RunAsync(Options options)
    {
        TrackedJob[] jobs;
        try
        {
            jobs =
            [
                new TrackedJob("generate", "generate", InputFiles.LoadBriefs(options.BriefsPath)),
                new TrackedJob("enrich", "enrich", InputFiles.LoadCatalog(options.CatalogPath)),
            ];
        }
        catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        using var timeout = new CancellationTokenSource(options.Timeout);
        using var interrupt = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, interrupt.Token);
        // Ctrl-C or SIGTERM (scripts/demo.sh stopping it): stop waiting, still print what is known.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupt.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        using var http = new HttpClient { BaseAddress = options.Server, Timeout = TimeSpan.FromSeconds(60) };
        var api = new ApiClient(http, options.ApiKey);
        var progress = ProgressBar.ForStandardError();
        var submitter = new JobSubmitter(api, progress);
        var started = Stopwatch.GetTimestamp();
        var exitCode = ExitCodes.Ok;
        IReadOnlyList<DownloadedProduct> products = [];
        JsonElement? counters = null;
        UsageTotals? usage = null;

        try
        {
            progress.Note($"CatalogForge demo → {options.Server} ({jobs[0].Inputs.Count} briefs, {jobs[1].Inputs.Count} catalog rows)");
            foreach (var job in jobs)
            {
                await submitter.SubmitAsync(job, options.Images, linked.Token);
            }

            await submitter.WaitAllAsync(jobs, linked.Token);

            var downloader = new ProductDownloader(api, options.OutputDirectory);
            var (downloaded, errors) = await downloader.DownloadAsync(jobs, linked.Token);
            products = downloaded;
            foreach (var message in errors)
            {
                Console.Error.WriteLine($"error: {message}");
            }

            if (errors.Count > 0)
            {
                exitCode = ExitCodes.RequestFailed;
            }

            // Yesterday too, in case the run crossed midnight UTC.
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var (totals, rawUsage) = await api.GetUsageAsync(today.AddDays(-1), today, linked.Token);
            usage = totals;
            Directory.CreateDirectory(options.OutputDirectory);
            await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "usage.json"), rawUsage, new UTF8Encoding(false), linked.Token);

            if (options.Emulator is not null)
            {
                try
                {
                    counters = await api.GetJsonDocumentAsync(new Uri(options.Emulator, "admin/counters"), linked.Token);
                    await File.WriteAllTextAsync(
                        Path.Combine(options.OutputDirectory, "emulator-counters.json"),
                        JsonSerializer.Serialize(counters, Json.Options), new UTF8Encoding(false), linked.Token);
                }
                catch (Exception e) when (e is ApiException or JsonException)
                {
                    Console.Error.WriteLine($"error: emulator counters: {e.Message}");
                    exitCode = ExitCodes.RequestFailed;
                }
            }
        }
        catch (ApiException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            exitCode = ExitCodes.RequestFailed;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: request to {options.Server} failed: {ApiClient.Describe(e)}");
            exitCode = ExitCodes.RequestFailed;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: timed out after {options.Timeout.TotalSeconds:0.#} s (--timeout)");
            exitCode = ExitCodes.TimedOut;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            exitCode = ExitCodes.Interrupted;
        }

        var totalWall = Stopwatch.GetElapsedTime(started);
        foreach (var job in jobs)
        {
            var status = job.Latest?.Status;
            if (status is "Failed" or "Cancelled")
            {
                Console.Error.WriteLine($"error: the {job.Label} job {job.JobId} ended {status}");
                foreach (var summary in job.Latest?.Errors ?? [])
                {
                    Console.Error.WriteLine($"  {summary.ErrorClass} × {summary.Count}: {summary.SampleMessage}");
                }

                exitCode = exitCode == ExitCodes.Ok ? ExitCodes.JobFailed : exitCode;
            }
        }

        Console.Out.WriteLine();
        Console.Out.Write(SummaryTable.Render(jobs, products, totalWall, counters));
        if (usage is not null)
        {
            Console.Out.WriteLine();
            Console.Out.Write(ResilienceSummary.Render(usage, products.Count(p => p.View.Degraded), counters));
        }

        if (jobs.Any(j => j.JobId is not null))
        {
            Directory.CreateDirectory(options.OutputDirectory);
            var galleryPath = Path.GetFullPath(Path.Combine(options.OutputDirectory, "index.html"));
            await File.WriteAllTextAsync(galleryPath, GalleryWriter.Render(jobs, products, DateTimeOffset.UtcNow), new UTF8Encoding(false));
            Console.Out.WriteLine();
            Console.Out.WriteLine($"gallery: {galleryPath}");
        }

        return exitCode;
    }
}
