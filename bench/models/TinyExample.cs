namespace Mle.Bench.Models;

/// <summary>A labelled <see cref="TinyInput"/> for training.</summary>
public sealed class TinyExample : TinyInput
{
    public bool Label { get; set; }
}
