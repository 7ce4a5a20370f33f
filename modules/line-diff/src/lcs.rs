//! A plain line diff from the longest common subsequence of two texts. Configs are small, so
//! the quadratic table is fine; a guard keeps an unexpectedly large pair within memory.

/// One difference, by 0-based line index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Line `j` of the new text is not in the old one.
    Added(usize),
    /// Line `i` of the old text is not in the new one.
    Removed(usize),
    /// Old line `i` was replaced by new line `j`.
    Changed(usize, usize),
}

/// Most cells of the LCS table (4 bytes each, so 16 MiB): past it, the differing middle is
/// reported as replaced wholesale rather than aligned line by line.
const MAX_CELLS: usize = 4 << 20;

/// The edits turning `old` into `new`, in text order.
///
/// Between two lines the texts share, the removed and added lines pair up in order as changed
/// lines; the rest of the longer run stays removed or added.
pub fn diff(old: &[String], new: &[String]) -> Vec<Edit> {
    // Common ends need no table, and trimming them keeps the table small in the usual case of
    // a few edits in a long file.
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);

    let mut edits = Vec::new();
    let mut run = Run { removed: Vec::new(), added: Vec::new() };
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        run.removed.extend(prefix..prefix + a.len());
        run.added.extend(prefix..prefix + b.len());
    } else {
        let table = lengths(a, b);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                run.flush(&mut edits);
                i += 1;
                j += 1;
            } else if j < b.len() && (i == a.len() || table[i][j + 1] >= table[i + 1][j]) {
                run.added.push(prefix + j);
                j += 1;
            } else {
                run.removed.push(prefix + i);
                i += 1;
            }
        }
    }
    run.flush(&mut edits);
    edits
}

/// `table[i][j]` = length of the longest common subsequence of `a[i..]` and `b[j..]`.
fn lengths(a: &[String], b: &[String]) -> Vec<Vec<u32>> {
    let mut table = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    table
}

/// The removed and added lines between two shared lines.
struct Run {
    removed: Vec<usize>,
    added: Vec<usize>,
}

impl Run {
    /// Turns the run into edits: pairs first, then what is left of the longer side.
    fn flush(&mut self, edits: &mut Vec<Edit>) {
        let pairs = self.removed.len().min(self.added.len());
        edits.extend(self.removed.iter().zip(&self.added).map(|(&i, &j)| Edit::Changed(i, j)));
        edits.extend(self.removed[pairs..].iter().map(|&i| Edit::Removed(i)));
        edits.extend(self.added[pairs..].iter().map(|&j| Edit::Added(j)));
        self.removed.clear();
        self.added.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split(' ').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }

    #[test]
    fn equal_texts_have_no_edits() {
        assert!(diff(&lines("a b c"), &lines("a b c")).is_empty());
        assert!(diff(&[], &[]).is_empty());
    }

    #[test]
    fn finds_insertions_deletions_and_replacements() {
        assert_eq!(diff(&lines("a b c"), &lines("a c")), [Edit::Removed(1)]);
        assert_eq!(diff(&lines("a c"), &lines("a b c")), [Edit::Added(1)]);
        assert_eq!(diff(&lines("a b c"), &lines("a x c")), [Edit::Changed(1, 1)]);
        assert_eq!(diff(&lines("a b c d"), &lines("a x d e")), [Edit::Changed(1, 1), Edit::Removed(2), Edit::Added(3)]);
    }

    #[test]
    fn aligns_on_the_longest_common_subsequence() {
        assert_eq!(diff(&lines("x a b c"), &lines("a b c y")), [Edit::Removed(0), Edit::Added(3)]);
        assert_eq!(diff(&lines("a b"), &[]), [Edit::Removed(0), Edit::Removed(1)]);
        assert_eq!(diff(&[], &lines("a")), [Edit::Added(0)]);
    }
}
