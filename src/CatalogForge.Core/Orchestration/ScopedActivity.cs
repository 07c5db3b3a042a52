using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// A Core activity as a <c>Microsoft.DurableTask</c> activity for hosts that own their worker (the Server): each run
/// gets its own DI scope, as a Functions invocation does, and returns the classified <see cref="ActivityOutcome{T}"/>.
/// </summary>
public sealed class ScopedActivity<TActivity, TInput, TOutput>(IServiceScopeFactory scopes, CancellationToken stopping)
    : TaskActivity<TInput, ActivityOutcome<TOutput>>
    where TActivity : class, IActivity<TInput, TOutput>
{
    public override async Task<ActivityOutcome<TOutput>> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var scope = scopes.CreateAsyncScope();
        return await ActivityInvoker.RunAsync<TActivity, TInput, TOutput>(scope.ServiceProvider, input, $"orchestration {context.InstanceId}", stopping);
    }
}
