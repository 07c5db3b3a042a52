using System.Collections.Concurrent;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;

namespace CatalogForge.Core.Tests.Support;

/// <summary>
/// An <see cref="IWorkflowClient"/> for Core hosts that run no engine: records each start and cancel, throws for the
/// instance ids it was told to fail on, and reports the instances it was told exist. (The real clients are tested with their engines in the Server and Functions suites.)
/// </summary>
public sealed class RecordingWorkflowClient : IWorkflowClient
{
    private readonly ConcurrentQueue<Start> _started = new();
    private readonly ConcurrentQueue<string> _cancelled = new();
    private readonly ConcurrentDictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WorkflowStatus> _ended = new(StringComparer.Ordinal);

    public sealed record Start(string InstanceId, JobRef Input);

    public IReadOnlyCollection<string> Cancelled => _cancelled;

    public void FailOn(string instanceId, Exception error) => _failures[instanceId] = error;

    public IReadOnlyList<Start> StartedFor(string tenantId) => _started.Where(s => s.Input.TenantId == tenantId).ToList();

    public Task StartAsync(string workflowName, string instanceId, object input, CancellationToken ct = default)
    {
        if (_failures.TryGetValue(instanceId, out var error))
        {
            return Task.FromException(error);
        }

        _started.Enqueue(new Start(instanceId, (JobRef)input));
        return Task.CompletedTask;
    }

    /// <summary>The instance exists and has ended with <paramref name="status"/> (as if an earlier run had failed).</summary>
    public void EndedAs(string instanceId, WorkflowStatus status) => _ended[instanceId] = status;

    /// <summary>The instance exists and runs.</summary>
    public void Running(string instanceId) => _ended[instanceId] = WorkflowStatus.Running;

    public Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default) =>
        Task.FromResult(_ended.TryGetValue(instanceId, out var status)
            ? new WorkflowInstanceInfo { InstanceId = instanceId, WorkflowName = "ProductJob", Status = status }
            : null);

    public Task RaiseCancelAsync(string instanceId, CancellationToken ct = default)
    {
        _cancelled.Enqueue(instanceId);
        return Task.CompletedTask;
    }

    public Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default) =>
        throw new NotSupportedException("No engine runs in this host.");
}
