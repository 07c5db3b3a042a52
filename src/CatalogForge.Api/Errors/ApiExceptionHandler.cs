using System.Diagnostics;
using System.Text.Json;
using CatalogForge.Core.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CatalogForge.Api.Errors;

/// <summary>
/// The one exception → ProblemDetails mapping of the API. Client mistakes that surface as exceptions (a body that is
/// not JSON, has the wrong JSON types, or is missing; a body over the size limit; a Core validation error such as a
/// forged continuation token) become 4xx with a clear title;
/// a request the client aborted gets no body; anything else is a 500 that says nothing about the server's insides.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Not an IANA code: nginx's "client closed request", logged for aborted requests.</summary>
    public const int StatusClientClosedRequest = 499;

    public const string UnexpectedErrorTitle = "An unexpected error occurred";
    public const string InvalidJsonTitle = "The request body is not valid JSON";
    public const string MissingBodyTitle = "The request body is required";
    public const string MissingBodyDetail = "Send a JSON object in the request body.";
    public const string BadRequestTitle = "The request is not valid";
    public const string BodyTooLargeTitle = "The request body is too large";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusClientClosedRequest;
            return true;
        }

        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(httpContext, bad),
            JsonException json when ReadsJsonBody(httpContext) => InvalidJson(json),
            ClassifiedException { ErrorClass: ErrorClass.Validation } invalid => new ProblemDetails
            {
                // Core words validation messages for callers (e.g. "The continuation token is not valid.").
                Status = StatusCodes.Status400BadRequest,
                Title = BadRequestTitle,
                Detail = invalid.Message,
            },
            _ => null,
        };

        if (problem is null)
        {
            // The same id the ProblemDetails writer puts into "traceId", so a reported error finds its log entry.
            var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, traceId);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = UnexpectedErrorTitle,
                Detail = "The error was logged. Quote the traceId when you report it.",
            };
        }
        else
        {
            LogClientError(logger, problem.Status ?? StatusCodes.Status400BadRequest, httpContext.Request.Method, httpContext.Request.Path, problem.Title);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;

        // No Exception on the context: nothing downstream may turn it into response text. When the client's Accept
        // rules out JSON the status code alone answers; the exception is never rethrown to a developer page.
        await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
        return true;
    }

    private static ProblemDetails FromBadRequest(HttpContext httpContext, BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = BodyTooLargeTitle };
        }

        if (exception.InnerException is JsonException json)
        {
            return InvalidJson(json);
        }

        if (exception.StatusCode == StatusCodes.Status400BadRequest && ReadsJsonBody(httpContext))
        {
            // Minimal APIs report an empty body (or a bare JSON null) for a required body parameter this way.
            return new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = MissingBodyTitle,
                Detail = MissingBodyDetail,
            };
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : StatusCodes.Status400BadRequest,
            Title = BadRequestTitle,
        };
    }

    private static ProblemDetails InvalidJson(JsonException exception)
    {
        // Only the position: the exception message names CLR types, which are nobody's business outside.
        var where = exception.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
        var line = exception.LineNumber is { } l ? $" (line {l + 1}, byte {exception.BytePositionInLine ?? 0})" : string.Empty;
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = InvalidJsonTitle,
            Detail = $"The body could not be read as the expected JSON{where}{line}.",
        };
    }

    /// <summary>True when the failing endpoint binds a JSON body. The middleware clears the endpoint before calling
    /// handlers and keeps the original on <see cref="IExceptionHandlerFeature"/>.</summary>
    private static bool ReadsJsonBody(HttpContext httpContext) =>
        (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint())
            ?.Metadata.GetMetadata<IAcceptsMetadata>() is not null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path, string traceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: {Title}")]
    private static partial void LogClientError(ILogger logger, int statusCode, string method, PathString path, string? title);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "The client aborted {Method} {Path}")]
    private static partial void LogAborted(ILogger logger, string method, PathString path);
}
