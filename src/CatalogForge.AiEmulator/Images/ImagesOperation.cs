using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Images;

internal sealed class ImagesOperation(GeneratedImageStore store) : IEmulatedOperation<ImageRequest>
{
    public const string ImageRoutePrefix = "/emulator/images/";

    public RequestKind Kind => RequestKind.Images;

    public string AzureOperationName => "ImageGenerations_Create";

    public ImageRequest Parse(JsonElement body) => ImageRequestParser.Parse(body);

    public OperationResult Execute(ImageRequest request, OperationContext context)
    {
        // Seeded by the prompt, not the whole body: the same prompt looks the same at every size.
        var promptSeed = StableHash.Of(request.Prompt);
        var images = Enumerable.Range(0, request.Count)
            .Select(index =>
            {
                var png = PngRenderer.Render(request.Prompt, request.Width, request.Height, promptSeed + (ulong)index);
                return request.AsUrl
                    ? new ImageData(B64Json: null, Url: ImageUrl(context.Http.Request, store.Add(png)), request.Prompt)
                    : new ImageData(Convert.ToBase64String(png), Url: null, request.Prompt);
            })
            .ToList();
        var latency = TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs + (context.Settings.PerImageMs * request.Count));
        return new OperationResult(new ImageResponse(context.Now.ToUnixTimeSeconds(), images), CompletionTokens: 0, request.Count, latency);
    }

    private static string ImageUrl(HttpRequest request, string id) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{ImageRoutePrefix}{id}.png";
}
