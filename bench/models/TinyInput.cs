namespace Mle.Bench.Models;

/// <summary>The tiny model's input: two numbers, so that per-request overhead dominates the cost of scoring.</summary>
public class TinyInput
{
    public float X { get; set; }

    public float Y { get; set; }
}
