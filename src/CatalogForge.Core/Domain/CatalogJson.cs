using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Core.Domain;

public static class CatalogJson
{
    /// <summary>camelCase, enums as strings: the shape of stored item inputs, content blobs and API bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// <see cref="Options"/> for writing item inputs into <c>JobItems</c>: text stays as it is instead of the default
    /// encoder's <c>\uXXXX</c> for every non-ASCII character and for <c>&lt;&gt;&amp;'"</c>, which made a 4,000-character
    /// Japanese brief six times longer than the Table property limit allows for. <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
    /// rather than <c>JavaScriptEncoder.Create(UnicodeRanges.All)</c>: the latter still escapes the HTML-sensitive
    /// characters (<c>&lt;&gt;&amp;'+`</c>, and <c>"</c> as <c>"</c>). The relaxed encoder escapes only what JSON
    /// requires (quotes, backslashes, control characters) and, like every built-in encoder, characters outside the Basic
    /// Multilingual Plane, so the text is valid JSON; "unsafe" means unsafe to paste into HTML or a script, and stored
    /// inputs are only ever read back by this serializer. Validation measures the stored form, escapes included.
    /// </summary>
    public static readonly JsonSerializerOptions StoredInput = new(Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
