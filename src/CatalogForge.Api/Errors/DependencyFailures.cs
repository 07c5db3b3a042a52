using System.Net.Sockets;
using Azure;

namespace CatalogForge.Api.Errors;

/// <summary>
/// Tells a dependency outage (storage or the network to it did not answer, answered "busy", or timed out) from
/// everything else. An outage is worth retrying: the API answers it with 503 and <c>Retry-After</c>, not 500.
/// </summary>
public static class DependencyFailures
{
    /// <summary>
    /// True for <see cref="RequestFailedException"/> with status 0 (no response), 408, 500, 502, 503 or 504;
    /// <see cref="HttpRequestException"/>; <see cref="SocketException"/>; <see cref="TimeoutException"/> and a
    /// cancellation caused by one (the Azure SDK's and HttpClient's timeouts); an <see cref="AggregateException"/>
    /// (the Azure SDK's "retry failed after n tries") all of whose exceptions are one of these; a job write that met the
    /// abandoned-write sweep (<see cref="Core.Jobs.JobWriteSweptException"/>).
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsUnavailable),
        RequestFailedException failed => failed.Status is 0 or 408 or 500 or 502 or 503 or 504,
        HttpRequestException or SocketException or TimeoutException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        Core.Jobs.JobWriteSweptException => true,
        _ => false,
    };
}
