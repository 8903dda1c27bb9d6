using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Scoring.MlNet;

/// <summary>
/// What an ML.NET model zip must be before the ML.NET loader may open it: no more entries than
/// <see cref="LimitsOptions.MaxArtifactEntries"/>, no more declared expanded bytes than
/// <see cref="LimitsOptions.MaxArtifactExpandedBytes"/> (a zip bomb is a small upload that expands hugely), and no
/// entry whose name leads out of the archive (<c>../</c>, absolute paths, drives, NUL). Only headers are read:
/// nothing is expanded here, and reading an entry later never yields more than its declared size.
/// </summary>
public static class ModelZipRules
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const int EndRecordLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>Throws <see cref="InvalidArtifactException"/> (<c>artifact_expands_too_far</c>, <c>unsafe_artifact_entry</c>, <c>invalid_artifact</c>) unless the zip is safe to load.</summary>
    public static void Check(ReadOnlyMemory<byte> zip, LimitsOptions limits)
    {
        // Counted from the end record before the archive is opened: opening reads the whole central directory
        // into objects, and a few hundred megabytes of tiny entries would be millions of them.
        if (DeclaredEntries(zip.Span) is { } declared && declared > (ulong)limits.MaxArtifactEntries)
        {
            throw MleErrors.ArtifactExpandsTooFar($"declares {declared} entries", limits.MaxArtifactEntries, nameof(limits.MaxArtifactEntries));
        }

        try
        {
            var bytes = MemoryMarshal.TryGetArray(zip, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(zip.ToArray(), writable: false);
            using var archive = new ZipArchive(bytes, ZipArchiveMode.Read);
            if (archive.Entries.Count > limits.MaxArtifactEntries)
            {
                throw MleErrors.ArtifactExpandsTooFar($"has {archive.Entries.Count} entries", limits.MaxArtifactEntries, nameof(limits.MaxArtifactEntries));
            }
            var expanded = 0m;
            foreach (var entry in archive.Entries)
            {
                RequireInside(entry.FullName);
                expanded += entry.Length;
            }
            if (expanded > limits.MaxArtifactExpandedBytes)
            {
                throw MleErrors.ArtifactExpandsTooFar($"declares {expanded} bytes once expanded", limits.MaxArtifactExpandedBytes, nameof(limits.MaxArtifactExpandedBytes));
            }
        }
        catch (InvalidDataException ex)
        {
            throw MleErrors.InvalidArtifact($"The artifact is not a readable zip: {ex.Message}");
        }
    }

    /// <summary>An entry name is a relative path that stays inside the archive, whichever separator a writer used.</summary>
    private static void RequireInside(string name)
    {
        if (name.Any(char.IsControl))
        {
            throw MleErrors.UnsafeArtifactEntry(Printable(name), "entry names hold no control characters (NUL, newline).");
        }
        if (name.StartsWith('/') || name.StartsWith('\\') || (name.Length >= 2 && name[1] == ':'))
        {
            throw MleErrors.UnsafeArtifactEntry(Printable(name), "entry names are relative paths, not absolute ones or drives.");
        }
        if (name.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw MleErrors.UnsafeArtifactEntry(Printable(name), "entry names may not climb out of the archive with '..'.");
        }
    }

    /// <summary>The total entry count the end of central directory record declares, or null when there is none to read.</summary>
    private static ulong? DeclaredEntries(ReadOnlySpan<byte> zip)
    {
        var earliest = Math.Max(0, zip.Length - EndRecordLength - MaxCommentLength);
        for (var at = zip.Length - EndRecordLength; at >= earliest; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[at..]) != EndOfCentralDirectory)
            {
                continue;
            }
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 10)..]);
            if (entries != ushort.MaxValue)
            {
                return entries;
            }
            // ZIP64: the real count is in the ZIP64 end record, which the locator just before this record points to.
            var locator = at - 20;
            if (locator < 0 || BinaryPrimitives.ReadUInt32LittleEndian(zip[locator..]) != Zip64Locator)
            {
                return entries;
            }
            var record = BinaryPrimitives.ReadUInt64LittleEndian(zip[(locator + 8)..]);
            if (record > (ulong)(zip.Length - 56) || BinaryPrimitives.ReadUInt32LittleEndian(zip[(int)record..]) != Zip64EndOfCentralDirectory)
            {
                return null;
            }
            return BinaryPrimitives.ReadUInt64LittleEndian(zip[((int)record + 32)..]);
        }
        return null;
    }

    private static string Printable(string name)
    {
        var shown = name.Length > 64 ? name[..64] + "..." : name;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
