using System.Globalization;

namespace CatalogForge.Core.Ai;

public static class ImageSize
{
    public static bool TryParse(string? text, out System.Drawing.Size size)
    {
        size = default;
        var parts = text?.Split('x', 'X') ?? [];
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width > 0 && height > 0)
        {
            size = new System.Drawing.Size(width, height);
            return true;
        }

        return false;
    }
}
