using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Runs the rounds of a job (round 0 is its first run, round n the n-th retry of its failed items). Jobs decide when a
/// round starts or is cancelled; the pipeline implements this (<c>Pipeline/ProductJobRunner</c>) and knows which
/// orchestration runs a round, under which instance id.
/// </summary>
public interface IJobRunner
{
    /// <summary>Starts (or, after a crash, re-starts) a round; idempotent, a round that already runs is left alone.</summary>
    Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken);

    /// <summary>Asks a running round to stop: it starts nothing new, items already started finish.</summary>
    Task RequestCancelAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken);

    /// <summary>Whether the round's workflow was never started, still runs, or has ended (in any way).</summary>
    Task<RoundState> GetRoundStateAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken);
}

public enum RoundState
{
    NotStarted,
    Running,

    /// <summary>The workflow finished, failed or was terminated; a job row still unfinished then missed its end.</summary>
    Ended,
}
