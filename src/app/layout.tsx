import type { Metadata, Viewport } from "next";
import { Toaster } from "sonner";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: "FieldSync",
  description: "Field-service scheduling with two-way Google Calendar sync",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d5fd1" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster richColors position="top-center" />
      </body>
    </html>
  );
}
