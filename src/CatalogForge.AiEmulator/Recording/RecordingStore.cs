using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Recording;

/// <summary>Recordings as plain, indented JSON files in one folder, named by request hash.</summary>
internal sealed class RecordingStore(string folder)
{
    private static readonly JsonSerializerOptions FileJson = new(WireJson.Options) { WriteIndented = true };

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<RecordedExchange?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var file = FileOf(hash);
        if (!File.Exists(file))
        {
            return null;
        }

        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<RecordedExchange>(stream, FileJson, cancellationToken)
            ?? throw new InvalidDataException($"The recording {file} is empty.");
    }

    /// <summary>Written to a temporary file first, so a reader never sees half a recording.</summary>
    public async Task SaveAsync(RecordedExchange recording, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var file = FileOf(recording.Hash);
        var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, recording, FileJson, cancellationToken);
        }

        File.Move(temporary, file, overwrite: true);
    }

    private string FileOf(string hash) => Path.Combine(Folder, hash + ".json");
}
