import { ImageResponse } from "next/og";

// The home-screen icon iOS asks for (it takes no SVG): the favicon's calendar-and-tick, drawn at 180 px.
export const size = { width: 180, height: 180 };
export const contentType = "image/png";

export default function AppleIcon() {
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", alignItems: "center", justifyContent: "center", background: "#1d5fd1" }}>
        <div style={{ width: 110, height: 100, display: "flex", flexDirection: "column", background: "#fff", borderRadius: 14, overflow: "hidden" }}>
          <div style={{ height: 26, background: "#bcd3f7" }} />
          <div style={{ flex: 1, display: "flex", alignItems: "center", justifyContent: "center" }}>
            {/* Shapes only, no text: text would make the renderer fetch a font from the network. */}
            <svg width="64" height="48" viewBox="0 0 64 48">
              <path d="M8 24l16 16L56 8" fill="none" stroke="#1d5fd1" strokeWidth="12" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </div>
        </div>
      </div>
    ),
    size,
  );
}
