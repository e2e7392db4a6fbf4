import { email } from '../domain/templates/email';
import type { LocaleCatalog } from '../domain/templates/types';

/**
 * English copy. Order: empathise, say what we know, offer choices, say what happens next. Options, never pressure.
 * SMS text stays inside GSM-7 (straight quotes, no dashes or curly apostrophes) so a segment holds 153 characters.
 */
const sign = 'The {{shopName}} care team';

export const en: LocaleCatalog = {
  locale: 'en',
  menus: {
    stall: {
      labels: { 1: 'to have us chase the courier', 2: 'for a reship or a refund', 3: 'to talk to a person' },
      separator: ', ',
      sms: 'Reply {{items}}.',
      emailIntro: 'How would you like us to help? One click is enough:',
    },
    csat: {
      labels: { 1: 'very unhappy', 2: 'unhappy', 3: 'okay', 4: 'happy', 5: 'very happy' },
      separator: ', ',
      sms: 'How did we do? Reply 1 to 5 (5 is best). If something is still wrong, just tell us.',
      emailIntro: 'How did we do? One click to rate us:',
    },
  },
  messages: {
    'shipment.stalled': {
      sms: "{{shopName}}: Hi {{customerName}}, sorry for the wait. Your order {{orderId}} ({{carrier}} {{trackingNumber}}) hasn't moved since {{lastLocation}}, and we're looking into it. {{options}}",
      email: email('Your order {{orderId}} has stopped moving, and we are on it', [
        'Hi {{customerName}},',
        "We're sorry for the wait. Your order {{orderId}} is with {{carrier}} (tracking {{trackingNumber}}), and it hasn't moved since {{lastLocation}}. We noticed, and we're checking with the courier.",
        '{{options}}',
        "If you'd rather do nothing, that's fine: we'll keep watching and tell you as soon as it moves.",
        sign,
      ]),
    },
    'shipment.exception': {
      sms: '{{shopName}}: Hi {{customerName}}, we are sorry: your order {{orderId}} ({{carrier}} {{trackingNumber}}) ran into a problem in transit, and we are handling it. {{options}}',
      email: email('A problem with the delivery of order {{orderId}}', [
        'Hi {{customerName}},',
        '{{carrier}} told us that the parcel for your order {{orderId}} (tracking {{trackingNumber}}) ran into a problem in transit. We are sorry, and we are handling it.',
        '{{options}}',
        sign,
      ]),
      variants: {
        lost: {
          sms: '{{shopName}}: Hi {{customerName}}, we are so sorry: {{carrier}} says the parcel for order {{orderId}} ({{trackingNumber}}) was lost. This is on us, not you. {{options}}',
          email: email('The parcel for order {{orderId}} was lost, and we will make it right', [
            'Hi {{customerName}},',
            '{{carrier}} told us that the parcel for your order {{orderId}} (tracking {{trackingNumber}}) was lost in transit. We are so sorry. This is on us, not you, and we will make it right.',
            '{{options}}',
            sign,
          ]),
        },
        damaged: {
          sms: "{{shopName}}: Hi {{customerName}}, we are sorry: the parcel for order {{orderId}} ({{carrier}} {{trackingNumber}}) was damaged in transit. Don't worry, we'll sort it out. {{options}}",
          email: email('The parcel for order {{orderId}} was damaged in transit', [
            'Hi {{customerName}},',
            "{{carrier}} reported that the parcel for your order {{orderId}} (tracking {{trackingNumber}}) was damaged in transit. We are sorry. Please don't worry: we'll sort it out.",
            '{{options}}',
            sign,
          ]),
        },
        returned_to_sender: {
          sms: "{{shopName}}: Hi {{customerName}}, sorry: the parcel for order {{orderId}} ({{carrier}} {{trackingNumber}}) came back to our warehouse. We'll arrange it again. {{options}}",
          email: email('The parcel for order {{orderId}} came back to us', [
            'Hi {{customerName}},',
            "We're sorry: the parcel for your order {{orderId}} ({{carrier}}, tracking {{trackingNumber}}) could not be delivered and came back to our warehouse. We'll arrange it again.",
            '{{options}}',
            sign,
          ]),
        },
        address_issue: {
          sms: "{{shopName}}: Hi {{customerName}}, {{carrier}} couldn't deliver order {{orderId}} ({{trackingNumber}}) because the address seems incomplete. We can help fix it. {{options}}",
          email: email('Order {{orderId}}: let us check your delivery address', [
            'Hi {{customerName}},',
            "{{carrier}} couldn't deliver the parcel for your order {{orderId}} (tracking {{trackingNumber}}) because the address seems incomplete. Sorry for the trouble; we can help fix it.",
            '{{options}}',
            sign,
          ]),
        },
        customs: {
          sms: "{{shopName}}: Hi {{customerName}}, customs is taking longer than expected with order {{orderId}} ({{carrier}} {{trackingNumber}}). Sorry for the wait; we're following up. {{options}}",
          email: email('Order {{orderId}} is in customs', [
            'Hi {{customerName}},',
            "Customs is taking longer than expected with the parcel for your order {{orderId}} ({{carrier}}, tracking {{trackingNumber}}). Sorry for the wait; we're in touch with the courier.",
            '{{options}}',
            sign,
          ]),
        },
      },
    },
    'shipment.late': {
      sms: "{{shopName}}: Hi {{customerName}}, we're sorry: order {{orderId}} didn't arrive by {{promisedDate}} as we promised. It is still on its way with {{carrier}} ({{trackingNumber}}). {{options}}",
      email: email('Sorry: order {{orderId}} is late', [
        'Hi {{customerName}},',
        "We're sorry: your order {{orderId}} didn't arrive by {{promisedDate}} as we promised. It is still on its way with {{carrier}} (tracking {{trackingNumber}}).",
        '{{options}}',
        sign,
      ]),
    },
    'reply.ack': {
      sms: '{{shopName}}: Got it, thank you!',
      email: email('We got your reply', ['Got it, thank you!', sign]),
      variants: {
        chase: {
          sms: "{{shopName}}: Got it. We've asked the courier to chase order {{orderId}} and will tell you as soon as it moves.",
          email: email('We are chasing order {{orderId}}', [
            "Got it. We've asked the courier to chase your order {{orderId}} and will tell you as soon as it moves.",
            sign,
          ]),
        },
        ticket: {
          sms: "{{shopName}}: Got it. We've opened case {{ticketId}}; someone will contact you within {{expectedResponse}} about a reship or a refund.",
          email: email('Case {{ticketId}} is open', [
            "Got it. We've opened case {{ticketId}}, and someone will contact you within {{expectedResponse}} to arrange a reship or a refund.",
            sign,
          ]),
        },
        ticket_urgent: {
          sms: '{{shopName}}: Got it. A person from our team will contact you within {{expectedResponse}} (case {{ticketId}}).',
          email: email('A person will contact you (case {{ticketId}})', [
            'Got it. A person from our team will contact you within {{expectedResponse}} (case {{ticketId}}).',
            sign,
          ]),
        },
        ticket_review: {
          sms: "{{shopName}}: Thanks. We've passed your message to our team (case {{ticketId}}); someone will contact you within {{expectedResponse}}.",
          email: email('Our team will read your message (case {{ticketId}})', [
            "Thanks. We've passed your message to our team (case {{ticketId}}), and someone will contact you within {{expectedResponse}}.",
            sign,
          ]),
        },
        csat_thanks: {
          sms: '{{shopName}}: Thank you for rating us! Your feedback helps us do better.',
          email: email('Thank you for your feedback', [
            'Thank you for rating us! Your feedback helps us do better.',
            sign,
          ]),
        },
        csat_low: {
          sms: "{{shopName}}: Thank you for telling us, and we're sorry we let you down. We've reopened case {{ticketId}}; a senior agent will call you back.",
          email: email("We're sorry we let you down", [
            "Thank you for telling us, and we're sorry we let you down. We've reopened case {{ticketId}}, and a senior agent will call you back.",
            sign,
          ]),
        },
      },
    },
    'reply.clarify': {
      sms: "{{shopName}}: Sorry, we didn't understand your reply about order {{orderId}}. {{options}}",
      email: email('About your order {{orderId}}', [
        "Sorry, we didn't understand your reply about order {{orderId}}.",
        '{{options}}',
        sign,
      ]),
    },
    'usage.guide': {
      sms: '{{shopName}}: Hi {{customerName}}, how is your {{productName}} working out? If you need tips or something is not right, just reply and we will help.',
      email: email('How is your {{productName}} working out?', [
        'Hi {{customerName}},',
        'Your {{productName}} from order {{orderId}} arrived two days ago. How is it working out?',
        'If you need tips or something is not right, just reply to this email and we will help.',
        sign,
      ]),
      variants: {
        small_appliance: {
          sms: '{{shopName}}: Hi {{customerName}}, a few tips for your {{productName}}: peel off the protective film, keep it on a level surface, and unplug it before cleaning. Questions? Just reply.',
          email: email('A few tips for your {{productName}}', [
            'Hi {{customerName}},',
            'A few tips for your {{productName}}:',
            '- Peel off the protective film and keep it on a level surface.\n- Unplug it before cleaning, and wipe it with a damp soft cloth.\n- Unplug it when you are away for a while.',
            'Questions? Just reply to this email.',
            sign,
          ]),
        },
        apparel: {
          sms: '{{shopName}}: Hi {{customerName}}, does your {{productName}} fit well? Tip: wash it cold and inside out the first time to keep its colour and shape. Wrong size? Reply and we will swap it.',
          email: email('Does your {{productName}} fit well?', [
            'Hi {{customerName}},',
            'Does your {{productName}} fit well? A few tips:',
            '- Wash it cold and inside out the first time to keep its colour and shape.\n- Wash dark and light colours separately.',
            'Wrong size? Reply to this email and we will swap it.',
            sign,
          ]),
        },
        electronics: {
          sms: '{{shopName}}: Hi {{customerName}}, how is your {{productName}}? Tip: charge it fully before first use, and check for software updates in settings. Questions? Just reply.',
          email: email('A few tips for your {{productName}}', [
            'Hi {{customerName}},',
            'How is your {{productName}}? A few tips:',
            '- Charge it fully before first use.\n- Check for software updates in settings.\n- Your order {{orderId}} is your warranty proof; nothing else to keep.',
            'Questions? Just reply to this email.',
            sign,
          ]),
        },
      },
    },
    'ticket.ack': {
      sms: '{{shopName}}: Hi {{customerName}}, we got your message "{{subject}}" (case {{ticketId}}). Someone will reply within {{expectedResponse}}.',
      email: email('We got your message (case {{ticketId}})', [
        'Hi {{customerName}},',
        'We got your message "{{subject}}" and opened case {{ticketId}}. Someone from our team will reply within {{expectedResponse}}.',
        'If you want to add anything, just reply to this email.',
        sign,
      ]),
    },
    'ticket.sla_holding': {
      sms: '{{shopName}}: Hi {{customerName}}, sorry for the wait on case {{ticketId}} "{{subject}}". A senior agent has it now and will reply soon.',
      email: email('Sorry for the wait (case {{ticketId}})', [
        'Hi {{customerName}},',
        'We\'re sorry for the wait. Your case {{ticketId}}, "{{subject}}", is now with a senior agent, who will reply soon.',
        'If you want to add anything, just reply to this email.',
        sign,
      ]),
    },
    'ticket.checkin': {
      sms: '{{shopName}}: Hi {{customerName}}, is everything fine now with "{{subject}}"? {{options}}',
      email: email('Is everything fine now with "{{subject}}"?', [
        'Hi {{customerName}},',
        'We wanted to check: is everything fine now with "{{subject}}" (case {{ticketId}})?',
        '{{options}}',
        'If something is still wrong, just reply to this email and we will pick it up again.',
        sign,
      ]),
      variants: {
        reship: {
          sms: '{{shopName}}: Hi {{customerName}}, your replacement parcel has arrived. Is everything working? {{options}}',
          email: email('Did the replacement arrive safely?', [
            'Hi {{customerName}},',
            'Your replacement parcel for order {{orderId}} has arrived. Is everything working?',
            '{{options}}',
            'If something is still wrong, just reply to this email and we will pick it up again.',
            sign,
          ]),
        },
      },
    },
    'optout.confirm': {
      sms: "{{shopName}}: You're unsubscribed and won't get more texts from us. Reply START to resubscribe.",
      email: email("You're unsubscribed", ["You're unsubscribed and won't get more messages like this from us.", sign]),
    },
    'help.info': {
      sms: '{{shopName}}: Need help? Call {{supportContact}} or reply to this text. Reply STOP to unsubscribe.',
      email: email('Need help?', ['Need help? Call {{supportContact}}, or reply to this email.', sign]),
    },
    campaign: {
      sms: '{{shopName}}: Hi {{customerName}}, thank you for shopping with us. Reply STOP to unsubscribe.',
      email: email('Hello from {{shopName}}', ['Hi {{customerName}},', 'Thank you for shopping with us.', sign]),
      variants: {
        guide_push: {
          sms: '{{shopName}}: Hi {{customerName}}, we put together a few tips for your {{productName}}; you will find them on your order page. Reply STOP to unsubscribe.',
          email: email('A few tips for your {{productName}}', [
            'Hi {{customerName}},',
            'We put together a few tips for your {{productName}}; you will find them on your order page whenever you have a moment.',
            sign,
          ]),
        },
        delay_apology: {
          sms: '{{shopName}}: Hi {{customerName}}, our warehouse is running behind, so your order may arrive a few days late. We are sorry. Questions? Just reply. Reply STOP to unsubscribe.',
          email: email('Sorry: your order may arrive a few days late', [
            'Hi {{customerName}},',
            'Our warehouse is running behind, so your order may arrive a few days late. We are sorry, and we are working to catch up.',
            'Questions? Just reply to this email.',
            sign,
          ]),
        },
        survey: {
          sms: '{{shopName}}: Hi {{customerName}}, what do you think of your {{productName}}? Reply 1 to 5 (5 is best). Thank you! Reply STOP to unsubscribe.',
          email: email('What do you think of your {{productName}}?', [
            'Hi {{customerName}},',
            'What do you think of your {{productName}}? Just reply with a score from 1 to 5 (5 is best). Thank you for your time!',
            sign,
          ]),
        },
      },
    },
  },
  staffAlerts: {
    'sla.warning': {
      subject: '[SLA warning] Case {{ticketId}}: {{remaining}} left',
      text: 'Case {{ticketId}} ({{priority}}, customer {{customerId}}) "{{subject}}" has no first response yet. Deadline {{deadline}}, {{remaining}} left.',
    },
    'sla.breach': {
      subject: '[SLA breach] Case {{ticketId}} escalated',
      text: 'Case {{ticketId}} ({{priority}}, customer {{customerId}}) "{{subject}}" missed its first-response deadline ({{deadline}}). It has been escalated and the customer got a holding message.',
    },
    'csat.low': {
      subject: '[Low CSAT] Case {{ticketId}} scored {{score}} and was reopened',
      text: 'Customer {{customerId}} rated case {{ticketId}} "{{subject}}" (order {{orderId}}) {{score}}. The case was reopened at high priority; a senior agent should call back.',
    },
  },
};
