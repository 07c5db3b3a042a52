using CatalogForge.Core.Workflow;

namespace CatalogForge.Core.Tests.Workflow;

public sealed class TableKeyTests
{
    public static TheoryData<string> Keys =>
    [
        "",
        "plain-key_01",
        "gen/00042",
        @"a\b",
        "#hash",
        "what?",
        "/\\#?",
        "pipe|separated|parts",
        "~",
        "~2F",
        "~u0041",
        "tab\there\r\nnull\0del\u007fc1\u0085\u009f",
        "日本語 Ünïcödé 🚀 emoji",
        "lone \ud800 high and \udc00 low",
        "'quotes' and % and + and &",
    ];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Escape_RoundTrips_AndLeavesNoForbiddenCharacters(string key)
    {
        var escaped = TableKey.Escape(key);

        Assert.Equal(key, TableKey.Unescape(escaped));
        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c));
        Assert.False(HasLoneSurrogate(escaped));
    }

    [Fact]
    public void Escape_KeepsOrdinaryKeysReadable_AndIsInjective()
    {
        Assert.Equal("job-42.item_7 日本", TableKey.Escape("job-42.item_7 日本"));
        Assert.Equal("gen~2F00042", TableKey.Escape("gen/00042"));
        Assert.NotEqual(TableKey.Escape("a/b"), TableKey.Escape("a~2Fb"));
    }

    [Fact]
    public void Escape_RejectsKeysOverTheLimit_AndUnescapeRejectsGarbage()
    {
        Assert.Equal(new string('a', TableKey.MaxLength), TableKey.Escape(new string('a', TableKey.MaxLength)));
        Assert.Throws<ArgumentException>(() => TableKey.Escape(new string('/', TableKey.MaxLength / 3 + 1)));
        Assert.Throws<FormatException>(() => TableKey.Unescape("bad~ZZ"));
        Assert.Throws<FormatException>(() => TableKey.Unescape("truncated~2"));
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
