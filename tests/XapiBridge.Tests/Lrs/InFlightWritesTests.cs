using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class InFlightWritesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConsistentThrough_NoWrites_Now()
    {
        Assert.Equal(Now, new InFlightWrites().ConsistentThrough(Now));
    }

    [Fact]
    public void ConsistentThrough_UncommittedWrite_JustBeforeItsStoredTime()
    {
        var writes = new InFlightWrites();
        var storedAtMs = Now.AddSeconds(-2).ToUnixTimeMilliseconds();

        using var older = writes.Begin(storedAtMs);
        using var newer = writes.Begin(Now.AddSeconds(-1).ToUnixTimeMilliseconds());

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(storedAtMs - 1), writes.ConsistentThrough(Now));
    }

    [Fact]
    public void ConsistentThrough_AfterCommit_NowAgain()
    {
        var writes = new InFlightWrites();
        var write = writes.Begin(Now.AddSeconds(-2).ToUnixTimeMilliseconds());

        write.Dispose();
        write.Dispose();

        Assert.Equal(Now, writes.ConsistentThrough(Now));
    }
}
