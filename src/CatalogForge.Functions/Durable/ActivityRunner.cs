using CatalogForge.Core.Orchestration;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Durable;

/// <summary>Runs one Core activity for its Durable activity function, in the invocation's DI scope (<see cref="ActivityInvoker"/>).</summary>
public static class ActivityRunner
{
    public static Task<ActivityOutcome<TOutput>> RunAsync<TActivity, TInput, TOutput>(TInput input, FunctionContext context)
        where TActivity : class, IActivity<TInput, TOutput> =>
        ActivityInvoker.RunAsync<TActivity, TInput, TOutput>(
            context.InstanceServices, input, $"invocation {context.InvocationId}", context.CancellationToken);
}
