namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>A request body the real service would reject with 400 invalid_request_error.</summary>
internal sealed class BadRequestException(string message, string? param = null) : Exception(message)
{
    public string? Param { get; } = param;
}
