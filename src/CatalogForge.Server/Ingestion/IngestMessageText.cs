using System.Text;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// Turns a message as stored on the queue into the JSON text the handler reads. The listener receives messages raw and decodes
/// them here, so a message that is not Base64 (a producer that did not encode it) or whose bytes are not UTF-8 text is a
/// poison message with its reason, not an exception that ends the receive loop.
/// </summary>
internal static class IngestMessageText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The decoded text, or false and why the stored text cannot be one.</summary>
    public static bool TryDecode(string stored, out string text, out string reason)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(stored);
        }
        catch (FormatException)
        {
            text = "";
            reason = "The message is not Base64: the ingest queue carries Base64-encoded JSON (QueueMessageEncoding.Base64, " +
                     "what the Functions queue trigger expects); the producer sent it unencoded or corrupted.";
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            text = "";
            reason = $"The message is Base64 but its {bytes.Length} bytes are not UTF-8 text (invalid byte at index {ex.Index}).";
            return false;
        }

        // A UTF-8 byte order mark (a file encoded as is) is not part of the JSON.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        reason = "";
        return true;
    }
}
