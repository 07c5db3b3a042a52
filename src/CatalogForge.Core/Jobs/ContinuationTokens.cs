using System.Buffers.Text;
using System.Text;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>Opaque page tokens: the storage continuation, base64url-encoded so callers never build one by hand.</summary>
public static class ContinuationTokens
{
    public static string? Encode(string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageToken));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ClassifiedException(ErrorClass.Validation, "The continuation token is not valid.");
        }
    }
}
