using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Functions.Http;

/// <summary>
/// The <c>X-MS-CLIENT-PRINCIPAL</c> header App Service authentication passes to the app: Base64 of
/// <c>{"auth_typ":…,"claims":[{"typ":…,"val":…}],…}</c>. Parsing never throws: anything else is null.
/// </summary>
public static class EasyAuthPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Larger headers are refused unread; App Service principals are a few kilobytes.</summary>
    public const int MaxHeaderLength = 32 * 1024;

    public static IReadOnlyList<Claim>? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), bytes, out var length))
        {
            return null;
        }

        try
        {
            var principal = JsonSerializer.Deserialize(bytes.AsSpan(0, length), EasyAuthJson.Default.PrincipalBody);
            return principal?.Claims?
                .Where(claim => !string.IsNullOrEmpty(claim.Type) && claim.Value is not null)
                .Select(claim => new Claim(claim.Type!, claim.Value!))
                .ToList();
        }
        catch (JsonException)
        {
            // Not a principal App Service wrote: the caller answers 401 and logs that the header was unreadable.
            return null;
        }
    }

    internal sealed record PrincipalBody(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("claims")] List<PrincipalClaim>? Claims);

    internal sealed record PrincipalClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}

[JsonSerializable(typeof(EasyAuthPrincipal.PrincipalBody))]
internal sealed partial class EasyAuthJson : JsonSerializerContext;
