using CatalogForge.AiEmulator.Text;
using SkiaSharp;

namespace CatalogForge.AiEmulator.Images;

/// <summary>
/// Draws a recognisable placeholder for a prompt: a two-colour gradient, a few translucent shapes whose
/// colours and positions come from the seed, and the prompt's first words as a title. Same seed, same PNG.
/// </summary>
internal static class PngRenderer
{
    private const int TitleWordCount = 8;
    private const int MaxTitleLines = 4;

    // Low zlib effort: the images are throwaway test data, and level 6+ costs several times the render.
    private static readonly SKPngEncoderOptions EncoderOptions = new(SKPngEncoderFilterFlags.Sub, zLibLevel: 2);

    public static byte[] Render(string prompt, int width, int height, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}x{height} surface.");
        var canvas = surface.Canvas;
        var hue = (float)(random.NextDouble() * 360);
        DrawBackground(canvas, width, height, hue);
        DrawShapes(canvas, width, height, hue, random);
        DrawTitle(canvas, width, height, prompt);

        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        using var png = pixels.Encode(EncoderOptions)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the image as PNG.");
        return png.ToArray();
    }

    private static void DrawBackground(SKCanvas canvas, int width, int height, float hue)
    {
        using var shader = SKShader.CreateLinearGradient(
            new SKPoint(0, 0),
            new SKPoint(width, height),
            [SKColor.FromHsv(hue, 35, 96), SKColor.FromHsv((hue + 50) % 360, 70, 62)],
            SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, width, height, paint);
    }

    private static void DrawShapes(SKCanvas canvas, int width, int height, float hue, DeterministicRandom random)
    {
        var shortSide = Math.Min(width, height);
        var count = random.Next(3, 6);
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        for (var i = 0; i < count; i++)
        {
            var shapeHue = (hue + 120 + (float)(random.NextDouble() * 120)) % 360;
            paint.Color = SKColor.FromHsv(shapeHue, 55 + (float)(random.NextDouble() * 35), 75 + (float)(random.NextDouble() * 25))
                .WithAlpha((byte)random.Next(130, 210));
            var centerX = (float)(random.NextDouble() * width);
            var centerY = (float)(random.NextDouble() * height * 0.7);
            var size = shortSide * (0.12f + (float)(random.NextDouble() * 0.25));
            switch (random.Next(0, 2))
            {
                case 0:
                    canvas.DrawCircle(centerX, centerY, size / 2, paint);
                    break;
                case 1:
                    canvas.DrawRoundRect(SKRect.Create(centerX - (size / 2), centerY - (size / 2), size, size * 0.7f), size / 8, size / 8, paint);
                    break;
                default:
                    using (var triangle = new SKPath())
                    {
                        triangle.MoveTo(centerX, centerY - (size / 2));
                        triangle.LineTo(centerX + (size / 2), centerY + (size / 2));
                        triangle.LineTo(centerX - (size / 2), centerY + (size / 2));
                        triangle.Close();
                        canvas.DrawPath(triangle, paint);
                    }

                    break;
            }
        }
    }

    private static void DrawTitle(SKCanvas canvas, int width, int height, string prompt)
    {
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(TitleWordCount).ToList();
        if (words.Count == 0)
        {
            return;
        }

        var shortSide = Math.Min(width, height);
        var typeface = TitleTypeface.Value;
        using var font = new SKFont(typeface ?? SKTypeface.Default, shortSide / 14f);
        var maxLineWidth = width * 0.86f;
        var lines = WrapWords(words, font, maxLineWidth).Take(MaxTitleLines).ToList();
        var lineHeight = font.Size * 1.25f;
        var margin = width * 0.07f;
        var bandTop = height - (lines.Count * lineHeight) - (margin * 1.5f);

        using var band = new SKPaint { Color = new SKColor(0, 0, 0, 110) };
        canvas.DrawRect(0, bandTop, width, height - bandTop, band);

        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        for (var i = 0; i < lines.Count; i++)
        {
            var baseline = bandTop + (margin * 0.75f) + ((i + 1) * lineHeight) - (lineHeight - font.Size);
            if (typeface is null)
            {
                // No font on this machine: a bar as long as the line keeps the layout recognisable.
                var barWidth = Math.Min(maxLineWidth, lines[i].Length * font.Size * 0.55f);
                canvas.DrawRoundRect(SKRect.Create(margin, baseline - (font.Size * 0.7f), barWidth, font.Size * 0.6f), 4, 4, ink);
            }
            else
            {
                canvas.DrawText(lines[i], margin, baseline, SKTextAlign.Left, font, ink);
            }
        }
    }

    private static IEnumerable<string> WrapWords(IReadOnlyList<string> words, SKFont font, float maxLineWidth)
    {
        var line = string.Empty;
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && font.MeasureText(candidate) > maxLineWidth)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }
}
