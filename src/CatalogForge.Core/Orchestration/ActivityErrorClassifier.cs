using Azure;
using CatalogForge.Core.Domain;
using Polly.Timeout;

namespace CatalogForge.Core.Orchestration;

/// <summary>Maps an activity's exception to the <see cref="ErrorClass"/> memoised with its failure.</summary>
public static class ActivityErrorClassifier
{
    public static ErrorClass Classify(Exception exception) => exception switch
    {
        ClassifiedException classified => classified.ErrorClass,
        ActivityFailedException failed => failed.ErrorClass,
        RequestFailedException => ErrorClass.Storage,
        TimeoutException or TimeoutRejectedException => ErrorClass.Timeout,
        HttpRequestException => ErrorClass.Network,
        OperationCanceledException { InnerException: TimeoutException } => ErrorClass.Timeout,
        OperationCanceledException => ErrorClass.Cancelled,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
        _ => ErrorClass.Unknown,
    };
}
