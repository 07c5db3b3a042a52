using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Storage;

/// <summary>
/// Settings of the API's page tokens, section <c>Api</c> (the HTTP API's section: both hosts serve the same tokens).
/// </summary>
public sealed class ContinuationTokenOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The HMAC key that signs continuation tokens (any string of at least 32 characters, e.g. 32 random bytes in
    /// base64). Unset: a random key generated when the process starts, so tokens hold per process: set it (to the
    /// same value everywhere) when several hosts serve one API, or a token handed out by one is refused by another.
    /// </summary>
    public string? ContinuationTokenKey { get; set; }

    public const int MinKeyLength = 32;

    public bool IsValid => ContinuationTokenKey is null || ContinuationTokenKey.Length >= MinKeyLength;
}

/// <summary>
/// Opaque page tokens: the storage continuation, base64url-encoded, with an HMAC-SHA256 over it and the request it
/// pages (tenant, route and filter), so a token is valid only for the request that produced it. A token that was
/// altered, made by hand, or issued for another tenant, job or filter is a validation error (400).
/// </summary>
public sealed class ContinuationTokens
{
    public const string InvalidMessage =
        "The continuation token is not valid for this request: pass back the token of the previous page unchanged, with the same filters.";

    private const int MacLength = 32;
    private readonly byte[] _key;

    public ContinuationTokens(IOptions<ContinuationTokenOptions> options)
    {
        var configured = options.Value.ContinuationTokenKey;
        _key = configured is null ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
    }

    /// <summary>The request a token belongs to: tenant, route and the storage filter the page was read with.</summary>
    public static string Scope(string tenantId, string route, string filter) => $"{tenantId}\n{route}\n{filter}";

    public string? Encode(string? storageToken, string scope)
    {
        if (storageToken is null)
        {
            return null;
        }

        var payload = Encoding.UTF8.GetBytes(storageToken);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Mac(payload, scope));
    }

    /// <summary>The storage continuation of <paramref name="token"/> (null for none), or a validation error.</summary>
    public string? Decode(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        try
        {
            if (dot <= 0)
            {
                throw new FormatException();
            }

            var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            var mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            if (mac.Length != MacLength || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload, scope)))
            {
                throw new FormatException();
            }

            return Encoding.UTF8.GetString(payload);
        }
        catch (FormatException)
        {
            throw new ClassifiedException(ErrorClass.Validation, InvalidMessage);
        }
    }

    private byte[] Mac(byte[] payload, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var message = new byte[4 + scopeBytes.Length + payload.Length];
        BitConverter.TryWriteBytes(message.AsSpan(0, 4), scopeBytes.Length);
        scopeBytes.CopyTo(message, 4);
        payload.CopyTo(message, 4 + scopeBytes.Length);
        return HMACSHA256.HashData(_key, message);
    }
}
