using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CatalogForge.Demo;

/// <summary>One submitted job as the client follows it.</summary>
internal sealed class TrackedJob(string label, string kind, JsonArray inputs)
{
    private long _submittedAt;
    private long _finishedAt;

    public string Label { get; } = label;
    public string Kind { get; } = kind;

    /// <summary>What was sent, in order: item index → input (used for product types and prices).</summary>
    public JsonArray Inputs { get; } = inputs;

    public string? JobId { get; private set; }
    public JobView? Latest { get; private set; }
    public bool IsTerminal => Latest?.IsTerminal == true;

    /// <summary>Submit → terminal status as seen by the client (so far, while it runs).</summary>
    public TimeSpan WallTime => _submittedAt == 0
        ? TimeSpan.Zero
        : Stopwatch.GetElapsedTime(_submittedAt, _finishedAt == 0 ? Stopwatch.GetTimestamp() : _finishedAt);

    public void Submitted(string jobId, long timestamp)
    {
        JobId = jobId;
        _submittedAt = timestamp;
    }

    public void Observed(JobView view)
    {
        Latest = view;
        if (view.IsTerminal && _finishedAt == 0)
        {
            _finishedAt = Stopwatch.GetTimestamp();
        }
    }
}

/// <summary>Submits jobs and polls them until every one is terminal, reporting progress as it goes.</summary>
internal sealed class JobSubmitter(ApiClient api, ProgressBar progress)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task SubmitAsync(TrackedJob job, bool images, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var accepted = await api.SubmitJobAsync(job.Kind, job.Inputs, images, cancellationToken);
        job.Submitted(accepted.JobId, started);
        progress.Note($"{job.Label}: job {accepted.JobId} accepted ({job.Inputs.Count} items, status {accepted.Status})");
    }

    public async Task WaitAllAsync(IReadOnlyList<TrackedJob> jobs, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                foreach (var job in jobs.Where(j => j is { IsTerminal: false, JobId: not null }))
                {
                    job.Observed(await api.GetJobAsync(job.JobId!, cancellationToken));
                }

                progress.Update(jobs);
                if (jobs.All(j => j.IsTerminal || j.JobId is null))
                {
                    return;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        finally
        {
            progress.Finish(jobs);
        }
    }
}
