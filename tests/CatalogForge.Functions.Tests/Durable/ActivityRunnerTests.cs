using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Durable;

public sealed class ActivityRunnerTests
{
    [Fact]
    public async Task A_result_is_returned_as_a_success()
    {
        var outcome = await ActivityRunner.RunAsync<EchoActivity, string, int>("four", Context(CancellationToken.None));

        Assert.Equal(ActivityOutcome<int>.Success(4), outcome);
    }

    [Fact]
    public async Task A_thrown_failure_comes_back_classified_as_data()
    {
        var outcome = await ActivityRunner.RunAsync<EchoActivity, string, int>("refuse", Context(CancellationToken.None));

        Assert.Equal(ActivityOutcome<int>.Failure(ErrorClass.ContentPolicy, "The model refused."), outcome);
    }

    [Fact]
    public async Task Cancellation_by_the_host_is_rethrown_for_Durable_to_retry()
    {
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ActivityRunner.RunAsync<EchoActivity, string, int>("wait", Context(stopping.Token)));
    }

    private static FunctionContext Context(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection().AddLogging().AddScoped<EchoActivity>().BuildServiceProvider();
        var context = Substitute.For<FunctionContext>();
        context.InstanceServices.Returns(services);
        context.InvocationId.Returns("invocation-1");
        context.CancellationToken.Returns(cancellationToken);
        return context;
    }

    private sealed class EchoActivity : IActivity<string, int>
    {
        public static string Name => "Echo";

        public async Task<int> RunAsync(string input, CancellationToken cancellationToken)
        {
            await Task.Delay(input == "wait" ? Timeout.Infinite : 0, cancellationToken);
            return input == "refuse" ? throw new ClassifiedException(ErrorClass.ContentPolicy, "The model refused.") : input.Length;
        }
    }
}
