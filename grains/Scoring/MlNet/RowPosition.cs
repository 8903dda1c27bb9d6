namespace Mle.Scoring.MlNet;

/// <summary>The row of the bound batch that input getters read; shared by a cursor and its slots.</summary>
internal sealed class RowPosition
{
    public int Row;
}
