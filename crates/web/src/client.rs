//! Who is asking, as an address: the peer of the connection, or — only when that peer is a
//! proxy the operator trusts (`serve --trusted-proxies`) — the client it names in
//! `X-Forwarded-For`. Trusting the header from anyone would let every request choose the
//! address its sign-in failures are counted against.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
pub use ipnet::IpNet;

use crate::AppState;

/// The client's address (see the module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientAddr(client_address(
            peer,
            &parts.headers,
            &state.trusted_proxies,
        )))
    }
}

/// The client behind `peer`: `X-Forwarded-For` read from the right (each proxy appends the
/// address it received from), skipping the trusted proxies; the first other address is the
/// client. A router called without a connection (in-process tests and benchmarks) has no
/// peer: all its requests come from 0.0.0.0.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let Some(mut client) = peer.map(|p| p.to_canonical()) else {
        return IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    };
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        // A hop that is no address was not written by a trusted proxy: the chain is only
        // believed up to the last proxy that wrote a real one.
        let Ok(ip) = hop.parse::<IpAddr>() else {
            break;
        };
        client = ip.to_canonical();
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

/// Parses `--trusted-proxies`: CIDR blocks, or single addresses (taken as /32 or /128).
pub fn parse_trusted_proxy(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("'{s}' is neither an address nor a CIDR block (10.0.0.0/8, ::1)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_is_believed_only_from_trusted_proxies() {
        let proxies = [
            parse_trusted_proxy("10.0.0.0/8").unwrap(),
            parse_trusted_proxy("::1").unwrap(),
        ];
        let forged = headers(&["1.2.3.4"]);
        // Straight from a client: its own address, whatever it claims.
        assert_eq!(
            client_address(Some(ip("203.0.113.9")), &forged, &proxies),
            ip("203.0.113.9")
        );
        // Trusting no one is the default.
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), &forged, &[]),
            ip("10.0.0.2")
        );
        // Through the proxy: the address it appended, not what the client wrote before it.
        let chain = headers(&["1.2.3.4, 198.51.100.20", "10.0.0.3"]);
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), &chain, &proxies),
            ip("198.51.100.20")
        );
        // Garbage stops the chain at the last trusted hop.
        let garbage = headers(&["not-an-address, 10.0.0.5"]);
        assert_eq!(
            client_address(Some(ip("::1")), &garbage, &proxies),
            ip("10.0.0.5")
        );
        // No header: the proxy itself; no connection: 0.0.0.0; IPv4-mapped: IPv4.
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), &HeaderMap::new(), &proxies),
            ip("10.0.0.2")
        );
        assert_eq!(client_address(None, &forged, &proxies), ip("0.0.0.0"));
        assert_eq!(
            client_address(Some(ip("::ffff:203.0.113.9")), &forged, &proxies),
            ip("203.0.113.9")
        );
        assert!(parse_trusted_proxy("10.0.0.0/33").is_err());
        assert!(parse_trusted_proxy("proxy.local").is_err());
    }
}
