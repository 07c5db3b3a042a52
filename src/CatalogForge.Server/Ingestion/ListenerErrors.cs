using System.Net.Sockets;
using Azure;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// Classifies what the listener's storage calls throw, for its logs and metrics. After its own retries the SDK throws an
/// <see cref="AggregateException"/> of every attempt's failure; a transport failure is a <see cref="RequestFailedException"/>
/// with status 0 around an <see cref="HttpRequestException"/>. The last attempt's failure decides.
/// </summary>
internal static class ListenerErrors
{
    public static ErrorClass Classify(Exception exception) => Innermost(exception) switch
    {
        RequestFailedException { Status: 0 } => ErrorClass.Network,
        RequestFailedException { Status: 404 } => ErrorClass.NotFound,
        RequestFailedException { Status: 401 or 403 } => ErrorClass.Auth,
        RequestFailedException { Status: 408 } => ErrorClass.Timeout,
        RequestFailedException { Status: 429 } => ErrorClass.RateLimited,
        RequestFailedException => ErrorClass.Storage,
        SocketException or IOException => ErrorClass.Network,
        var other => ActivityErrorClassifier.Classify(other),
    };

    /// <summary>One line for a log: the type and message of the failure that decides, and the status and error code if any.</summary>
    public static string Describe(Exception exception) => Innermost(exception) switch
    {
        RequestFailedException { Status: 0, InnerException: { } inner } failed => $"{failed.GetType().Name} ({inner.GetType().Name}: {FirstLine(inner.Message)})",
        RequestFailedException failed => $"{failed.GetType().Name} {failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}",
        var other => $"{other.GetType().Name}: {FirstLine(other.Message)}",
    };

    private static Exception Innermost(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Innermost(aggregate.InnerExceptions[^1]),
        _ => exception,
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
