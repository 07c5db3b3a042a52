using System.Net.Sockets;
using Azure;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Which failures of a delivery are storage (or the network to it) failing — <see cref="ErrorClass.Storage"/>, transient, so
/// the message is retried — however they are wrapped: the SDK's <see cref="AggregateException"/> after its retries, or the Durable Task Azure Storage
/// provider's <c>DurableTaskStorageException</c> (internal to that assembly, so known by name) when starting a job's
/// orchestration fails.
/// </summary>
public static class IngestFailures
{
    private const string DurableTaskStorageException = "DurableTaskStorageException";

    /// <summary>A one-line description of the storage failure in <paramref name="exception"/>'s chain, or null if there is none.</summary>
    public static string? DescribeStorageFailure(Exception exception)
    {
        for (Exception? next = exception; next is { } e; next = Inner(e))
        {
            switch (e)
            {
                case RequestFailedException { Status: 0 } failed:
                    return $"storage unreachable: {FirstLine(failed.InnerException?.Message ?? failed.Message)}";
                case RequestFailedException failed:
                    return $"storage request failed ({failed.Status} {failed.ErrorCode}): {FirstLine(failed.Message)}";
                case HttpRequestException or SocketException:
                    return $"storage unreachable: {FirstLine(e.Message)}";
                case TimeoutException:
                    return $"storage timed out: {FirstLine(e.Message)}";
                case var other when other.GetType().Name == DurableTaskStorageException && Inner(other) is null:
                    return $"the orchestration store failed: {FirstLine(other.Message)}";
            }
        }

        return null;
    }

    private static Exception? Inner(Exception exception) => exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
        ? aggregate.InnerExceptions[^1]
        : exception.InnerException;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
