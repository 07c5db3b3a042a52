using System.Security.Cryptography;
using System.Text;

namespace CatalogForge.Core.Tenancy;

/// <summary>Tenant ids are lower-case slugs plus a random suffix: safe in table keys, blob paths and URLs.</summary>
public static class TenantIds
{
    public static string New(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 24)
            {
                break;
            }
        }

        var stem = slug.ToString().Trim('-');
        return $"{(stem.Length > 0 ? stem : "tenant")}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
