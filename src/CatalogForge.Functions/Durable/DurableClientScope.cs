using Microsoft.DurableTask.Client;

namespace CatalogForge.Functions.Durable;

/// <summary>
/// The Durable client of the current invocation. The Durable extension hands a <see cref="DurableTaskClient"/> only to a
/// function parameter marked <c>[DurableClient]</c> (its converter builds it from the binding payload the host sends),
/// so a trigger that submits, cancels or retries jobs puts its client here for the duration of the call, and
/// <see cref="DurableFunctionsWorkflowClient"/> — a singleton behind Core's <c>JobService</c> — reads it. It flows with the async
/// call like <c>IHttpContextAccessor</c> does.
/// </summary>
public sealed class DurableClientScope
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    public DurableTaskClient Client => Current.Value ?? throw new InvalidOperationException(
        "No Durable client in scope. Functions that start, cancel or retry workflows take a [DurableClient] DurableTaskClient " +
        "parameter and call DurableClientScope.Use(client) around the Core call.");

    public IDisposable Use(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var previous = Current.Value;
        Current.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
