using System.Text.Json;
using CatalogForge.Api.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Functions.Http;

/// <summary>
/// Reads a JSON request body the way the Server's minimal APIs do, failing the same way: a body whose Content-Type is not
/// JSON → 415, over the size limit → 413,
/// not JSON or a field of the wrong JSON type → <see cref="JsonBodyException"/> (which <see cref="ApiExceptionHandler"/>
/// maps), empty or <c>null</c> → the Server's "body is required" problem.
/// </summary>
public static class JsonBody
{
    public sealed record Read<T>(T? Value, ProblemHttpResult? Problem);

    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, long maxBytes, JsonSerializerOptions options)
        where T : class
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength is not 0 && !request.HasJsonContentType())
        {
            // As the Server's minimal APIs: a body that is not declared JSON is refused before it is read.
            throw new BadHttpRequestException("The request body must be JSON (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > maxBytes)
        {
            throw new BadHttpRequestException(ApiExceptionHandler.BodyTooLargeTitle, StatusCodes.Status413PayloadTooLarge);
        }

        T? value = null;
        if (request.ContentLength is not 0)
        {
            try
            {
                value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                throw new JsonBodyException(typeof(T), ex);
            }
        }

        return value is null
            ? new Read<T>(null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: ApiExceptionHandler.MissingBodyTitle,
                detail: ApiExceptionHandler.MissingBodyDetail))
            : new Read<T>(value, null);
    }
}
