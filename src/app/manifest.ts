import type { MetadataRoute } from "next";

/** Lets a fieldworker add FieldSync to a phone's home screen and open it like an app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "FieldSync",
    short_name: "FieldSync",
    description: "Field-service scheduling with two-way Google Calendar sync",
    start_url: "/calendar",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#1d5fd1",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/apple-icon", sizes: "180x180", type: "image/png" },
    ],
  };
}
