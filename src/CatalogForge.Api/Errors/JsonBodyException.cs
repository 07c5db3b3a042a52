using System.Text.Json;

namespace CatalogForge.Api.Errors;

/// <summary>
/// A JSON body that could not be read as <see cref="BodyType"/>, thrown where no endpoint metadata names the body's type
/// (the Functions app's triggers read bodies themselves); <see cref="ApiExceptionHandler"/> maps it like the Server's
/// body-binding failures.
/// </summary>
public sealed class JsonBodyException(Type bodyType, JsonException inner)
    : BadHttpRequestException(ApiExceptionHandler.InvalidJsonTitle, StatusCodes.Status400BadRequest, inner)
{
    public Type BodyType { get; } = bodyType;
}
