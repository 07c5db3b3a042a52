using System.Security.Cryptography;
using System.Text;
using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Core.Intelligence.Duplicates;

/// <summary>Two products of a cluster and their cosine similarity.</summary>
public sealed record DuplicatePair(string First, string Second, float Score);

/// <summary>
/// Products joined by near-duplicate pairs (directly or through others). <see cref="Key"/> names the member set: the
/// first 16 hex digits of SHA-256 over the sorted member ids, so the same cluster has the same key in every snapshot.
/// </summary>
public sealed record DuplicateCluster(string Key, IReadOnlyList<string> Members, IReadOnlyList<DuplicatePair> Pairs)
{
    public float MaxScore => Pairs.Max(p => p.Score);

    public float MinScore => Pairs.Min(p => p.Score);
}

/// <summary>Groups near-duplicate pairs into clusters with union–find (path halving, union by size).</summary>
public static class DuplicateClustering
{
    /// <summary>
    /// Clusters of the rows named in <paramref name="pairs"/> (indices into <paramref name="productIds"/>), largest first,
    /// then by key; members sorted by id (ordinal), pairs by (first, second).
    /// </summary>
    public static IReadOnlyList<DuplicateCluster> Group(IReadOnlyList<string> productIds, IReadOnlyList<SimilarPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        ArgumentNullException.ThrowIfNull(pairs);
        var parent = new Dictionary<int, int>();
        var size = new Dictionary<int, int>();

        int Find(int x)
        {
            if (!parent.ContainsKey(x))
            {
                parent[x] = x;
                size[x] = 1;
            }

            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        foreach (var pair in pairs)
        {
            var a = Find(pair.First);
            var b = Find(pair.Second);
            if (a == b)
            {
                continue;
            }

            if (size[a] < size[b])
            {
                (a, b) = (b, a);
            }

            parent[b] = a;
            size[a] += size[b];
        }

        return pairs
            .GroupBy(pair => Find(pair.First))
            .Select(group => Cluster(productIds, group))
            .OrderByDescending(c => c.Members.Count)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static DuplicateCluster Cluster(IReadOnlyList<string> productIds, IEnumerable<SimilarPair> pairs)
    {
        var named = pairs
            .Select(p => Ordered(productIds[p.First], productIds[p.Second], p.Score))
            .OrderBy(p => p.First, StringComparer.Ordinal)
            .ThenBy(p => p.Second, StringComparer.Ordinal)
            .ToList();
        var members = named.SelectMany(p => new[] { p.First, p.Second }).Distinct().Order(StringComparer.Ordinal).ToList();
        return new DuplicateCluster(KeyOf(members), members, named);
    }

    private static DuplicatePair Ordered(string a, string b, float score) =>
        string.CompareOrdinal(a, b) <= 0 ? new DuplicatePair(a, b, score) : new DuplicatePair(b, a, score);

    public static string KeyOf(IEnumerable<string> members) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', members.Order(StringComparer.Ordinal)))))[..16];
}
