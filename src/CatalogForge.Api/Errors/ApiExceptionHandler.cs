using System.Diagnostics;
using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace CatalogForge.Api.Errors;

/// <summary>
/// The one exception → ProblemDetails mapping of the API, for both hosts. Client mistakes that surface as exceptions (a
/// body that is not JSON, has a field of the wrong JSON type, or is missing; a body over the size limit; a Core
/// validation error such as a forged continuation token) become 4xx with a clear title; a tenant at one of its caps is
/// 429 with <c>Retry-After</c> (<see cref="TooManyRequests"/>); a storage or network outage
/// (<see cref="DependencyFailures.IsUnavailable"/>) is 503 with <c>Retry-After</c>; a request the client aborted gets
/// no body; anything else is a 500. No answer carries exception text, type names or endpoint URLs: those are logged,
/// under the trace id the answer quotes.
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
    public const string NotJsonContentTitle = "The request body must be JSON";
    public const string NotJsonContentDetail = "Send the body with Content-Type: application/json.";
    public const string WrongJsonTypeTitle = "A field of the request body has the wrong JSON type";
    public const string UnknownFieldTitle = "The request body has a field the API does not know";
    public const string UnavailableTitle = "The service is temporarily unavailable";
    public const string UnavailableType = "urn:catalogforge:problem:dependency-unavailable";

    /// <summary>
    /// Seconds a client should wait before retrying a 503. Short: the Azure SDK has already retried for several seconds
    /// before the API gives up, and an outage that outlives a few such rounds shows in readiness.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    public const string UnavailableDetail =
        "A storage or network dependency did not answer in time. Nothing was changed unless the request was already accepted; " +
        "retry after the Retry-After delay and quote the traceId if it persists.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.StatusCode = StatusClientClosedRequest;
            return true;
        }

        // The same id the ProblemDetails writer puts into "traceId", so a reported error finds its log entry.
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        if (DependencyFailures.IsUnavailable(exception))
        {
            LogUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path, traceId);
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = Unavailable() });
            return true;
        }

        var problem = exception switch
        {
            TenantCapExceededException cap => TooManyRequests.ForCap(httpContext, cap),
            BadHttpRequestException bad => FromBadRequest(httpContext, bad),
            JsonException json when BodyType(httpContext) is { } bodyType => FromJson(httpContext, json, bodyType),
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

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = NotJsonContentTitle,
                Detail = NotJsonContentDetail,
            };
        }

        if (exception.InnerException is JsonException json)
        {
            return FromJson(httpContext, json, (exception as JsonBodyException)?.BodyType ?? BodyType(httpContext));
        }

        if (exception.StatusCode == StatusCodes.Status400BadRequest && BodyType(httpContext) is not null)
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

    /// <summary>
    /// A JSON syntax error by its position; an unknown field, or a field of the wrong JSON type, as a validation problem
    /// naming the field and what it takes. The exception's own message names .NET types, which are nobody's business outside.
    /// </summary>
    private static ProblemDetails FromJson(HttpContext httpContext, JsonException exception, Type? bodyType)
    {
        if (JsonBodyErrors.IsSyntaxError(exception))
        {
            return InvalidJson(exception);
        }

        var field = JsonBodyErrors.FieldPath(exception);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (JsonBodyErrors.UnknownFieldSiblings(exception, bodyType, options) is { } known)
        {
            var takes = $"Unknown field; it takes {string.Join(", ", known)}.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [takes] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = UnknownFieldTitle,
                Detail = $"The field '{field}' is not part of the request (a typo?). Nothing was written.",
            };
        }

        var expected = JsonBodyErrors.ExpectedValue(exception, bodyType, options);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [expected] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = WrongJsonTypeTitle,
            Detail = field == JsonBodyErrors.RootField
                ? $"The request body has the wrong JSON type. {expected}"
                : $"The field '{field}' has the wrong JSON type. {expected}",
        };
    }

    private static ProblemDetails Unavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Type = UnavailableType,
        Title = UnavailableTitle,
        Detail = UnavailableDetail,
    };

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

    /// <summary>The type of the JSON body the failing endpoint binds, or null when it binds none. The middleware clears
    /// the endpoint before calling handlers and keeps the original on <see cref="IExceptionHandlerFeature"/>.</summary>
    private static Type? BodyType(HttpContext httpContext) =>
        (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint())
            ?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts ? accepts.RequestType ?? typeof(object) : null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, PathString path, string traceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: {Title}")]
    private static partial void LogClientError(ILogger logger, int statusCode, string method, PathString path, string? title);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "A dependency was unavailable for {Method} {Path} (trace {TraceId}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, PathString path, string traceId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "The client aborted {Method} {Path}")]
    private static partial void LogAborted(ILogger logger, string method, PathString path);
}
