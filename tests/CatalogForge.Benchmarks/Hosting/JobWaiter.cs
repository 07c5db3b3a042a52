using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;

namespace CatalogForge.Benchmarks.Hosting;

/// <summary>Polls a job until its status is terminal, saying its progress on stderr now and then.</summary>
public static class JobWaiter
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<JobView> WaitForTerminalAsync(
        Func<CancellationToken, Task<JobView?>> read, CancellationToken cancellationToken, Func<JobView, bool>? until = null)
    {
        var lastSaid = DateTimeOffset.MinValue;
        while (true)
        {
            var job = await read(cancellationToken) ?? throw new InvalidOperationException("The job disappeared.");
            if (job.Status.IsTerminal() || (until?.Invoke(job) ?? false))
            {
                return job;
            }

            if (DateTimeOffset.UtcNow - lastSaid > TimeSpan.FromSeconds(5))
            {
                Progress.Say($"job {job.JobId}: {job.Status}, {job.Counts.Succeeded} succeeded, {job.Counts.Failed} failed of {job.Counts.Total}");
                lastSaid = DateTimeOffset.UtcNow;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
