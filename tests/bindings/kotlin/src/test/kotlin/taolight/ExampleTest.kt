package taolight

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test

/**
 * examples/kotlin (compiled with the generated sources, see pom.xml) run as a user runs it: its
 * `main()` against the node of TAOLIGHT_RPC_URL (set by Surefire from run.sh's devnet), its
 * output checked line by line so a broken example fails the suite.
 */
class ExampleTest {
    @Test
    fun `the Kotlin example tells the short story`() {
        assumeTrue(System.getenv("TAOLIGHT_RPC_URL").orEmpty().isNotEmpty(), "no node: the example is skipped")
        val out = captured { taolight.example.main() }
        print(out)
        val lines = out.lines()
        val address = "5[1-9A-HJ-NP-Za-km-z]{47}"
        assertTrue(lines.any { Regex("coldkey $address").matches(it) }, out)
        assertTrue(lines.any { Regex("hotkey  $address").matches(it) }, out)
        assertTrue(lines.any { Regex("funded in block #[1-9]\\d*").matches(it) }, out)
        assertTrue(lines.any { Regex("subnet 1: uid \\d+ .*").matches(it) }, out)
        val position = lines.firstNotNullOfOrNull { Regex("position: subnet 1 alpha (\\d+(\\.\\d+)?) worth \\d+(\\.\\d+)? TAO").matchEntire(it) }
        assertTrue(position != null && position.groupValues[1] != "0", out)
        // 20 TAO in, 5 staked, the burn and fees out: between 0 and 15 TAO are left.
        val left = lines.firstNotNullOfOrNull { Regex("coldkey free balance (\\d+)(\\.(\\d+))? TAO").matchEntire(it) }
        assertTrue(left != null, out)
        val rao = left!!.groupValues[1].toULong() * RAO_PER_TAO + left.groupValues[3].padEnd(9, '0').toULong()
        assertTrue(rao in 1uL until 15uL * RAO_PER_TAO, out)
        assertEquals(1, lines.count { it.startsWith("staked in block #") }, out)
    }

    private fun captured(body: () -> Unit): String {
        val saved = System.out
        val buffer = ByteArrayOutputStream()
        System.setOut(PrintStream(buffer, true, Charsets.UTF_8))
        try {
            body()
        } finally {
            System.setOut(saved)
        }
        return buffer.toString(Charsets.UTF_8)
    }
}
