using SkiaSharp;

namespace CatalogForge.AiEmulator.Images;

/// <summary>
/// Finds a typeface that can draw Latin letters. With the NoDependencies native assets there is no
/// fontconfig, so <see cref="SKTypeface.Default"/> may have no glyphs; common font files are tried next.
/// </summary>
internal static class TitleTypeface
{
    private static readonly string[] KnownFontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/System/Library/Fonts/Helvetica.ttc",
        "C:\\Windows\\Fonts\\arialbd.ttf",
    ];

    private static readonly Lazy<SKTypeface?> Resolved = new(Resolve);

    /// <summary>Null when no usable font exists; titles are then drawn as placeholder bars.</summary>
    public static SKTypeface? Value => Resolved.Value;

    private static SKTypeface? Resolve()
    {
        if (CanDrawLetters(SKTypeface.Default))
        {
            return SKTypeface.Default;
        }

        foreach (var path in KnownFontFiles.Where(File.Exists))
        {
            var typeface = SKTypeface.FromFile(path);
            if (typeface is not null && CanDrawLetters(typeface))
            {
                return typeface;
            }

            typeface?.Dispose();
        }

        return null;
    }

    private static bool CanDrawLetters(SKTypeface? typeface) =>
        typeface is not null && typeface.GlyphCount > 0 && typeface.ContainsGlyph('A');
}
