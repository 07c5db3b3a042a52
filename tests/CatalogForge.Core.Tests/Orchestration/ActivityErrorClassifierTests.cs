using Azure;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using Polly.Timeout;

namespace CatalogForge.Core.Tests.Orchestration;

public sealed class ActivityErrorClassifierTests
{
    public static TheoryData<Exception, ErrorClass> Cases => new()
    {
        { new ClassifiedException(ErrorClass.ContentPolicy, "blocked"), ErrorClass.ContentPolicy },
        { new ActivityFailedException("a", "k", ErrorClass.QuotaExceeded, "quota"), ErrorClass.QuotaExceeded },
        { new RequestFailedException(503, "busy"), ErrorClass.Storage },
        { new TimeoutException(), ErrorClass.Timeout },
        { new TimeoutRejectedException(), ErrorClass.Timeout },
        { new TaskCanceledException("http timeout", new TimeoutException()), ErrorClass.Timeout },
        { new HttpRequestException("connection refused"), ErrorClass.Network },
        { new OperationCanceledException(), ErrorClass.Cancelled },
        { new AggregateException(new HttpRequestException("x")), ErrorClass.Network },
        { new InvalidOperationException("bug"), ErrorClass.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_MapsExceptionsToErrorClasses(Exception exception, ErrorClass expected) =>
        Assert.Equal(expected, ActivityErrorClassifier.Classify(exception));
}
