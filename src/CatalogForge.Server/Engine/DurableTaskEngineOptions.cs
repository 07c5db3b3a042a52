using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Server.Engine;

/// <summary>
/// Section <c>DurableTask</c>: the Server's Durable Task Framework worker on the Azure Storage provider. Timings are
/// chosen for recovery in seconds rather than the provider's minutes: a worker that dies holds its partitions until
/// <see cref="LeaseInterval"/> lapses, and the messages it had taken reappear after <see cref="QueueVisibilityTimeout"/>.
/// </summary>
public sealed class DurableTaskEngineOptions
{
    public const string Section = "DurableTask";

    /// <summary>
    /// The task hub: its tables, queues and lease container share this prefix in the storage account. Processes on one
    /// hub share the work; use one hub per environment (and never the Functions app's hub for a Server).
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "DurableTask:TaskHub must be 3–45 letters or digits, starting with a letter.")]
    public string TaskHub { get; set; } = "CatalogForge";

    /// <summary>Control-queue partitions: the most processes that can share orchestration work. Fixed once the hub exists.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// Activities one process runs at once. Most of them wait at the AI deployments' admission queue, which orders
    /// work by priority and tenant, so this is high enough for queued work to reach that queue.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentActivities { get; set; } = 256;

    [Range(1, 1_000)]
    public int MaxConcurrentOrchestrations { get; set; } = 64;

    /// <summary>How long a partition lease lasts unrenewed: the longest a dead process keeps its orchestrations from the others.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")]
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a dequeued message stays invisible; a live worker renews it, a dead one's messages come back after this.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an idle worker waits between queue polls (it polls faster while there is work).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Keeps a busy orchestration in memory between episodes, so its history is not read back from the table for every
    /// completed activity (a chunk's history grows with its items). Idle sessions end after 30 s. Off, as in the
    /// provider: on this project's engine benchmark it made no measurable difference.
    /// </summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>This process's name in partition leases; must differ between processes. Default: machine name and process id.</summary>
    public string? WorkerId { get; set; }
}
