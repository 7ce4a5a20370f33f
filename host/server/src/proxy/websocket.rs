//! Relays a WebSocket between the client (axum) and the gateway (tokio-tungstenite), frame by
//! frame in both directions, until either side closes.

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as UpMessage;
use tokio_tungstenite::tungstenite::protocol::CloseFrame as UpCloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The gateway side of a relayed socket.
pub type Upstream = WebSocketStream<MaybeTlsStream<TcpStream>>;

fn to_upstream(m: Message) -> UpMessage {
    match m {
        Message::Text(t) => UpMessage::text(t.as_str()),
        Message::Binary(b) => UpMessage::Binary(b),
        Message::Ping(b) => UpMessage::Ping(b),
        Message::Pong(b) => UpMessage::Pong(b),
        Message::Close(c) => {
            UpMessage::Close(c.map(|c| UpCloseFrame { code: c.code.into(), reason: c.reason.as_str().into() }))
        }
    }
}

fn to_client(m: UpMessage) -> Option<Message> {
    Some(match m {
        UpMessage::Text(t) => Message::Text(Utf8Bytes::from(t.as_str())),
        UpMessage::Binary(b) => Message::Binary(b),
        UpMessage::Ping(b) => Message::Ping(b),
        UpMessage::Pong(b) => Message::Pong(b),
        UpMessage::Close(c) => {
            Message::Close(c.map(|c| CloseFrame { code: c.code.into(), reason: Utf8Bytes::from(c.reason.as_str()) }))
        }
        UpMessage::Frame(_) => return None,
    })
}

/// Pumps frames until one side closes or fails; then closes the other.
pub async fn relay(client: WebSocket, upstream: Upstream) {
    let (mut client_tx, mut client_rx) = client.split();
    let (mut up_tx, mut up_rx) = upstream.split();
    let to_gateway = async {
        while let Some(Ok(m)) = client_rx.next().await {
            let close = matches!(m, Message::Close(_));
            if up_tx.send(to_upstream(m)).await.is_err() || close {
                break;
            }
        }
        let _ = up_tx.close().await;
    };
    let to_client_side = async {
        while let Some(Ok(m)) = up_rx.next().await {
            let Some(m) = to_client(m) else { continue };
            let close = matches!(m, Message::Close(_));
            if client_tx.send(m).await.is_err() || close {
                break;
            }
        }
        let _ = client_tx.close().await;
    };
    // Whichever direction ends first ends the relay.
    tokio::select! {
        _ = to_gateway => {}
        _ = to_client_side => {}
    }
}
