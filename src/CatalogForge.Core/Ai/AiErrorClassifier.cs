using System.ClientModel;
using System.Net.Sockets;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai;

/// <summary>Maps a failed model call to an <see cref="ErrorClass"/>: HTTP status first, then the provider's error code, then the message.</summary>
public static class AiErrorClassifier
{
    /// <summary>Also Polly's per-attempt timeout as <see cref="ErrorClass.Timeout"/>, and the cause of an exception that merely wraps one.</summary>
    public static ErrorClass Classify(Exception exception)
    {
        var errorClass = ClassifyOwn(exception);
        return errorClass == ErrorClass.Unknown && exception.InnerException is { } inner ? Classify(inner) : errorClass;
    }

    private static ErrorClass ClassifyOwn(Exception exception) => exception switch
    {
        ClassifiedException classified => classified.ErrorClass,
        Polly.Timeout.TimeoutRejectedException => ErrorClass.Timeout,
        Polly.RateLimiting.RateLimiterRejectedException => ErrorClass.RateLimited,
        ClientResultException result => Classify(result.Status, ErrorBody(result)),
        TimeoutException => ErrorClass.Timeout,
        TaskCanceledException { InnerException: TimeoutException } => ErrorClass.Timeout,
        HttpRequestException { InnerException: SocketException } => ErrorClass.Network,
        HttpRequestException http when http.StatusCode is { } status => Classify((int)status, http.Message),
        HttpRequestException => ErrorClass.Network,
        SocketException => ErrorClass.Network,
        IOException => ErrorClass.Network,
        _ => ErrorClass.Unknown,
    };

    public static ErrorClass Classify(int status, string? body)
    {
        var text = body ?? "";
        return status switch
        {
            429 when Contains(text, "insufficient_quota") => ErrorClass.QuotaExceeded,
            429 => ErrorClass.RateLimited,
            400 when Contains(text, "content_filter") || Contains(text, "ResponsibleAIPolicyViolation") => ErrorClass.ContentPolicy,
            400 => ErrorClass.BadRequest,
            401 or 403 => ErrorClass.Auth,
            404 => ErrorClass.NotFound,
            408 => ErrorClass.Timeout,
            >= 500 => ErrorClass.ServerError,
            0 when Contains(text, "timed out") || Contains(text, "timeout") => ErrorClass.Timeout,
            0 => ErrorClass.Network,
            _ => ErrorClass.Unknown,
        };
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static string ErrorBody(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        var content = response?.Content?.ToString();
        return string.IsNullOrEmpty(content) ? exception.Message : content;
    }
}
