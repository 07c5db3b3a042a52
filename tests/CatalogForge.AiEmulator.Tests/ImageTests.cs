using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Images;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace CatalogForge.AiEmulator.Tests;

public sealed class ImageTests
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Azure_client_gets_a_png_of_the_requested_size()
    {
        await using var emulator = await Emulator.StartAsync();
        var generator = Emulator.AzureClient(emulator).GetImageClient("img").AsIImageGenerator();

        var response = await generator.GenerateImagesAsync(
            "a ginger cat on a velvet sofa",
            new ImageGenerationOptions { ImageSize = new System.Drawing.Size(256, 256), ResponseFormat = ImageGenerationResponseFormat.Data },
            TestContext.Current.CancellationToken);

        var image = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        var png = image.Data.ToArray();
        Assert.Equal(PngMagic, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(256, bitmap.Width);
        Assert.Equal(256, bitmap.Height);
        var counters = emulator.State.Snapshot();
        Assert.Equal(1, counters.ImageRequests);
        Assert.Equal(1, counters.ImagesGenerated);
    }

    [Theory]
    [InlineData("1792x1024", 1792, 1024)]
    [InlineData("1024x1792", 1024, 1792)]
    [InlineData(null, 1024, 1024)]
    public async Task Requested_sizes_are_honoured_and_the_same_prompt_draws_the_same_image(string? size, int width, int height)
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);

        var first = await GenerateAsync(http, size);
        var second = await GenerateAsync(http, size);

        using var bitmap = SKBitmap.Decode(first);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        Assert.Equal(first, second);
        Assert.True(bitmap.Pixels.Select(pixel => pixel.Red / 32).Distinct().Count() > 2, "the image should not be a flat colour");
    }

    [Fact]
    public async Task Url_format_serves_the_png_from_the_emulator()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var response = await http.PostAsJsonAsync("v1/images/generations", new { model = "img", prompt = "a lamp", size = "256x256", response_format = "url", n = 2 }, cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));

        var data = body.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, data.Count);
        Assert.False(data[0].TryGetProperty("b64_json", out _));
        Assert.Equal("a lamp", data[0].GetProperty("revised_prompt").GetString());
        var png = await http.GetByteArrayAsync(data[0].GetProperty("url").GetString(), cancellationToken);
        Assert.Equal(PngMagic, png[..8]);
    }

    [Fact]
    public async Task The_quality_set_through_the_adapters_raw_options_reaches_the_wire_and_an_unknown_one_is_a_400()
    {
        await using var emulator = await Emulator.StartAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        var generator = Emulator.AzureClient(emulator).GetImageClient("img").AsIImageGenerator();
        // Microsoft.Extensions.AI has no quality option: it travels in the OpenAI SDK's own options, as the gateway sends it.
        ImageGenerationOptions WithQuality(string quality) => new()
        {
            ImageSize = new System.Drawing.Size(64, 64),
            ResponseFormat = ImageGenerationResponseFormat.Data,
            RawRepresentationFactory = _ => new OpenAI.Images.ImageGenerationOptions { Quality = new OpenAI.Images.GeneratedImageQuality(quality) },
        };

        var hd = await generator.GenerateImagesAsync("a ginger cat", WithQuality("hd"), cancellationToken);
        var unknown = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            generator.GenerateImagesAsync("a ginger cat", WithQuality("ultra"), cancellationToken));

        Assert.IsType<DataContent>(Assert.Single(hd.Contents));
        Assert.Equal(400, unknown.Status);
        Assert.Contains("'quality'", unknown.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> GenerateAsync(HttpClient http, string? size)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var response = await http.PostAsJsonAsync(
            "openai/deployments/img/images/generations?api-version=2024-10-21",
            new { prompt = "a waxed canvas weekender bag", n = 1, response_format = "b64_json", size },
            cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.True(body.RootElement.GetProperty("created").GetInt64() > 0);
        return Convert.FromBase64String(body.RootElement.GetProperty("data")[0].GetProperty("b64_json").GetString()!);
    }
}
