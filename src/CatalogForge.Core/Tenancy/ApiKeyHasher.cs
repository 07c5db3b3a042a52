using System.Security.Cryptography;
using System.Text;

namespace CatalogForge.Core.Tenancy;

public static class ApiKeyHasher
{
    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A new key: prefix for recognisability, 256 random bits, URL-safe.</summary>
    public static string NewKey() =>
        "cfk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
